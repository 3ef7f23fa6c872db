// The emulator's public surface.
export {};
