/** Appended to a rejected call's tool message. */
export function rejectionContent(note: string | undefined): string {
  return `Rejected by the user.${note ? ` Note: ${note}` : ""}`;
}

/** What the model is told when a person skips a call left in doubt by a crash. */
export function skippedInDoubtContent(toolName: string): string {
  return `Error: tool ${toolName} failed: the call started before a crash and left no result, and a person chose not to run it again. It may or may not have taken effect.`;
}
