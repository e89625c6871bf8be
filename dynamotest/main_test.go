package dynamotest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// afterMainEnv asks this test binary, run again by TestMainReturns, to
// pass or fail TestAfterMainChild and to report what TestMain does after
// Main returns.
const afterMainEnv = "DYNAMOTEST_AFTER_MAIN"

func TestMain(m *testing.M) {
	Main(m)
	if os.Getenv(afterMainEnv) != "" {
		// Work a TestMain does after the tests: it runs because Main
		// returns.
		fmt.Println("after Main")
	}
}

// TestAfterMainChild passes or fails as TestMainReturns asks; run
// normally, it passes.
func TestAfterMainChild(t *testing.T) {
	if os.Getenv(afterMainEnv) == "fail" {
		t.Fatal("failing as asked")
	}
}

// TestMainReturns checks that Main lets TestMain go on after the tests and
// that the test binary still exits with the tests' result.
func TestMainReturns(t *testing.T) {
	if os.Getenv(afterMainEnv) != "" {
		return // the child run of this test binary
	}
	for _, c := range []struct {
		mode string
		code int
	}{{"pass", 0}, {"fail", 1}} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestAfterMainChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), afterMainEnv+"="+c.mode)
		out, err := cmd.CombinedOutput()
		code := 0
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code || !strings.Contains(string(out), "after Main") {
			t.Errorf("%s: exit code %d, want %d; output:\n%s", c.mode, code, c.code, out)
		}
	}
}
