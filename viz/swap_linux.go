package viz

import (
	"errors"
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// replaceDir puts the folder tmp in dst's place: a rename when dst does not
// exist, else an atomic exchange (renameat2 RENAME_EXCHANGE), after which
// tmp holds the old folder for the caller to remove.
func replaceDir(tmp, dst string) error {
	if _, err := os.Lstat(dst); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(tmp, dst); err != nil {
			return fmt.Errorf("chapter report: %w", err)
		}
		return nil
	}
	if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE); err != nil {
		return fmt.Errorf("chapter report: replacing %s: %w", dst, err)
	}
	return nil
}
