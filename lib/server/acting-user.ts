/**
 * Who is acting on this request, recorded as `by` on decisions and `createdBy` on runs.
 * The one place that reads identity from the request: sign-in plugs in here.
 */
export function actingUser(_request: Request): string {
  return "anonymous";
}
