/**
 * A node:test reporter that counts leaf tests and writes the totals as JSON, so the test
 * command can end with one `N passed, N failed` line across all its stages.
 */
import type { TestEvent } from "node:test/reporters";

export default async function* summary(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const data = event.data as { details: { type?: string }; skip?: unknown; todo?: unknown };
    if (data.details.type === "suite") {
      // A suite that failed outside its tests (a hook, an import error) counts as a failure.
      if (
        event.type === "test:fail" &&
        (data.details as { error?: { failureType?: string } }).error?.failureType !== "subtestsFailed"
      )
        failed++;
      continue;
    }
    if (data.skip !== undefined || data.todo !== undefined) skipped++;
    else if (event.type === "test:pass") passed++;
    else failed++;
  }
  yield `${JSON.stringify({ passed, failed, skipped })}\n`;
}
