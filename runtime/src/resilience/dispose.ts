/**
 * Frees a response body that is being thrown away (before a retry, a failover,
 * or after a timeout won the race). Never throws: a failing `dispose` must not
 * replace the outcome the policy is reporting.
 */
export async function disposeQuietly(value: unknown): Promise<void> {
  const dispose = (value as { dispose?: unknown } | null | undefined)?.dispose;
  if (typeof dispose !== 'function') return;
  try {
    await (dispose as () => unknown).call(value);
  } catch {
    // the body is being discarded; its disposal failing changes nothing for the caller
  }
}
