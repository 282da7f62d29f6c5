// Ctrl-C during a long command (an import, a restore): the first one asks the work to stop at its next step,
// once the requests in flight are answered, so that the command can say what it wrote; a second one quits at once.

export interface CtrlC {
  /** Whether Ctrl-C was pressed since `watchCtrlC()`. */
  readonly pressed: boolean;
  /** Stops watching: Ctrl-C ends the process again. */
  dispose(): void;
}

export function watchCtrlC(): CtrlC {
  let pressed = false;
  const onInterrupt = () => {
    // 130 is what a shell reports for a command stopped by Ctrl-C.
    if (pressed) process.exit(130);
    pressed = true;
  };
  process.on("SIGINT", onInterrupt);
  return {
    get pressed() {
      return pressed;
    },
    dispose: () => process.off("SIGINT", onInterrupt),
  };
}
