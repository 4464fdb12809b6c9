export * from "./errors";
export * from "./json";
export * from "./paths";
export * from "./requirement-kinds";
export * from "./requirements";
export * from "./runs";
export * from "./workflows";
