//go:build !linux

package viz

import (
	"errors"
	"fmt"
	"os"
)

// replaceDir puts the folder tmp in dst's place. Without an atomic exchange
// the old folder is first moved aside next to tmp, then tmp renamed to
// dst, then the old folder moved into tmp for the caller to remove.
func replaceDir(tmp, dst string) error {
	if _, err := os.Lstat(dst); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(tmp, dst); err != nil {
			return fmt.Errorf("chapter report: %w", err)
		}
		return nil
	}
	old := tmp + ".old"
	if err := os.Rename(dst, old); err != nil {
		return fmt.Errorf("chapter report: replacing %s: %w", dst, err)
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Rename(old, dst)
		return fmt.Errorf("chapter report: replacing %s: %w", dst, err)
	}
	return os.Rename(old, tmp)
}
