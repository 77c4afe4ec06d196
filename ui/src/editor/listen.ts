// Listening to the shell's events (typed by tauri-specta) from an effect.

/** Stops an event listener once it is registered; the mocked event plugin of the unit tests
 * rejects, which is harmless. */
export function stopListening(pending: Promise<() => void>) {
  pending
    .then(async (stop) => {
      // Tauri's unlisten function returns the promise of its IPC call, though typed as void.
      const stopping = stop as unknown as () => Promise<void> | undefined;
      await stopping();
    })
    .catch(() => undefined);
}
