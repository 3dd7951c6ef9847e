// The time rules are decided by (mute expiry, slow mode). One place, so tests can move it.
export const clock = {
  now: (): Date => new Date(),
};
