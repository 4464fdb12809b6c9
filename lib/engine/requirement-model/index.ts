export * from "./executor-requirement";
export * from "./fields";
export * from "./kind";
export * from "./step-requirement";
export * from "./waiting-for";
export * from "./copy";
export * from "./inbox-item";
