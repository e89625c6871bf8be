package ops_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/schema/ops"
)

// TestRunAndExit runs the test binary as a command that calls RunAndExit
// with its own arguments: the process exits with the command's code and
// names itself after os.Args[0].
func TestRunAndExit(t *testing.T) {
	if args := os.Getenv("OPS_TEST_RUN_AND_EXIT"); args != "" {
		os.Args = append([]string{os.Args[0]}, strings.Fields(args)...)
		cfg := reviewConfig(t)
		cfg.Name = ""
		ops.RunAndExit(cfg)
		t.Fatal("RunAndExit returned")
	}
	for _, c := range []struct {
		args string
		code int
	}{
		{"review", ops.ExitFindings},
		{"review --fail-on none", ops.ExitOK},
		{"plan --bogus", ops.ExitUsage},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestRunAndExit$")
		cmd.Env = append(os.Environ(), "OPS_TEST_RUN_AND_EXIT="+c.args)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code {
			t.Errorf("%s: exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", c.args, code, c.code, stdout.String(), stderr.String())
		}
		if c.code == ops.ExitUsage && !strings.HasPrefix(stderr.String(), filepath.Base(os.Args[0])+" plan: ") {
			t.Errorf("%s: the command is not named after the program:\n%s", c.args, stderr.String())
		}
	}
}
