// Servers and child processes: a busy machine can take seconds where an idle one takes
// milliseconds, so integration tests get more than jest's default 5 s.
jest.setTimeout(30_000);
