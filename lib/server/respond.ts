import "server-only";
import { errorResponse } from "./error-response";

/** Runs a handler body; any error becomes the API's error answer. */
export async function respond(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    return errorResponse(error);
  }
}
