import Link from "next/link";
import { EmptyState } from "@/components/ui/states";

export default function NotFound() {
  return (
    <EmptyState
      title="There is no page here"
      action={
        <Link href="/inbox" className="text-sm font-medium text-indigo-600 hover:text-indigo-500">
          Go to the inbox →
        </Link>
      }
    >
      The link may be old or mistyped.
    </EmptyState>
  );
}
