import { respond } from "@/lib/server/respond";
import { signInWithPassword } from "@/lib/server/sign-in";

export const runtime = "nodejs";

/** Signs in with email and password; the session travels in an httpOnly cookie. */
export async function POST(request: Request): Promise<Response> {
  return respond(() => signInWithPassword(request));
}
