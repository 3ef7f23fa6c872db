// The real engine starts processes and builds TypeScript programs; give each test room.
jest.setTimeout(10 * 60 * 1000);
