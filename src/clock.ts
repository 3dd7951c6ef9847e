// The time the rules are decided by (mute expiry, slow mode, edits). Each server has its own, so a
// test can move one server's time without touching another's.
export interface Clock {
  now(): Date;
}

export function systemClock(): Clock {
  return { now: () => new Date() };
}
