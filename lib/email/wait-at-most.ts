/**
 * Waits for work in flight, but no longer than `ms`: a stopping process must exit within
 * its grace period whatever hangs (a mail server that never answers). Used by the delivery
 * worker and the bounce reader when they stop.
 */
export async function waitAtMost(work: Promise<unknown> | null, ms: number): Promise<void> {
  if (!work) return;
  let grace: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise<void>((resolve) => {
      grace = setTimeout(resolve, ms);
      grace.unref();
    }),
  ]);
  clearTimeout(grace);
}
