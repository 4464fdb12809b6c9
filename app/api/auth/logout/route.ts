import { respond } from "@/lib/server/respond";
import { signOut } from "@/lib/server/sign-in";

export const runtime = "nodejs";

/** Ends the browser's session, on the server as well as in the cookie. Signing out twice is fine. */
export async function POST(request: Request): Promise<Response> {
  return respond(() => signOut(request));
}
