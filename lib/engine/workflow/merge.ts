/**
 * Drives several generators at once and yields their values as they come; returns each one's
 * return value by key once all are done.
 */
export async function* mergeGenerators<K, T, R>(gens: Map<K, AsyncGenerator<T, R, void>>): AsyncGenerator<T, Map<K, R>, void> {
  type Step = { key: K; result: IteratorResult<T, R> };
  const results = new Map<K, R>();
  const inFlight = new Map<K, Promise<Step>>();
  const pull = (key: K, gen: AsyncGenerator<T, R, void>) => inFlight.set(key, gen.next().then((result) => ({ key, result })));
  for (const [key, gen] of gens) pull(key, gen);
  while (inFlight.size > 0) {
    const { key, result } = await Promise.race(inFlight.values());
    if (result.done) {
      inFlight.delete(key);
      results.set(key, result.value);
    } else {
      pull(key, gens.get(key) as AsyncGenerator<T, R, void>);
      yield result.value;
    }
  }
  return results;
}
