// Command peak runs a command and prints its peak resident memory. Tests
// build it to measure refnet: a process started straight from the test
// binary would inherit the test's own peak (Linux keeps ru_maxrss across
// fork and exec), so refnet is started from this small process instead.
//
//	peak OUT COMMAND [ARG...]
//
// runs COMMAND with its standard streams, writes its peak resident memory
// in KiB to the file OUT and exits with COMMAND's status.
package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: peak OUT COMMAND [ARG...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	if cmd.ProcessState == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	kib := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	if err := os.WriteFile(os.Args[1], []byte(fmt.Sprint(kib)), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
