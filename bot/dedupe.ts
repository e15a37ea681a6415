/**
 * Recently seen platform event ids (bounded), so a retried delivery of the same message or invoke does the
 * work once: a repeated message is ignored, a repeated action gets the first one's answer.
 */
export interface Recent<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
}

export function createRecent<T>(max = 1000): Recent<T> {
  const map = new Map<string, T>();
  return {
    get: (key) => map.get(key),
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      while (map.size > max) map.delete(map.keys().next().value as string);
    },
  };
}
