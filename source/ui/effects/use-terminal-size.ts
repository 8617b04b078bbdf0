import { useStdout } from 'ink';
import { useEffect } from 'react';

/** Calls back with the terminal's size whenever it is resized (80×24 when the stream does not say). */
export function useTerminalSize(onResize: (size: { columns: number; rows: number }) => void): void {
  const { stdout } = useStdout();
  useEffect(() => {
    const handle = () => onResize({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
    stdout.on('resize', handle);
    return () => {
      stdout.off('resize', handle);
    };
  }, [stdout, onResize]);
}
