package ops_test

import (
	"strings"
	"testing"
)

// TestUsageErrors: every malformed command line exits with ExitUsage,
// says what is wrong on stderr followed by the usage, prints nothing on
// stdout, and builds no client.
func TestUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		msg  string // what stderr must say is wrong
	}{
		{nil, "a command is needed"},
		{[]string{"deploy"}, `unknown command "deploy"`},
		{[]string{"plan", "--verbose"}, "flag provided but not defined: -verbose"},
		{[]string{"plan", "extra"}, `unexpected argument "extra"`},
		{[]string{"plan", "--table", "nope"}, `unknown table "nope"`},
		{[]string{"plan", "--table", ""}, "empty value"},
		{[]string{"apply", "--allow-drop", "nope:ByStatus"}, `unknown table "nope"`},
		{[]string{"apply", "--allow-drop", "tickets:"}, "no index named"},
		{[]string{"apply", "--json=maybe"}, "invalid boolean value"},
		{[]string{"cost", "--rate", "Ticket.puts"}, "want ENTITY.FIELD=VALUE"},
		{[]string{"cost", "--rate", "Nobody.puts=1", "--billing", "on-demand"}, `unknown entity "Nobody"`},
		{[]string{"cost", "--rate", "Ticket.writes=1", "--billing", "on-demand"}, `unknown field "writes"`},
		{[]string{"cost", "--rate", "Ticket.puts=-1", "--billing", "on-demand"}, "want a number of 0 or more"},
		{[]string{"cost", "--rate", "Ticket.puts=1"}, "--rate needs prices"},
		{[]string{"cost", "--billing", "free"}, "want on-demand or provisioned"},
		{[]string{"cost", "--per-gb-month", "-0.25"}, "want a price of 0 or more"},
		{[]string{"cost", "--entity", "Nobody"}, `unknown entity "Nobody"`},
		{[]string{"cost", "--query-items", "-1"}, "want a positive number"},
		{[]string{"review", "--fail-on", "HOT"}, `unknown code "HOT"`},
		{[]string{"export"}, "a format is needed"},
		{[]string{"export", "pulumi"}, `unknown format "pulumi"`},
		{[]string{"export", "terraform", "cloudformation"}, `unexpected argument "cloudformation"`},
		{[]string{"export", "terraform", "--yaml"}, "--yaml and --json are for cloudformation"},
		{[]string{"export", "cloudformation", "--yaml", "--json"}, "--yaml and --json exclude each other"},
		{[]string{"help", "deploy"}, `unknown command "deploy"`},
		{[]string{"help", "plan", "apply"}, "one command at most"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			res := run(t, offline(t), c.args...)
			if res.code != 2 {
				t.Errorf("exit code %d, want 2 (ExitUsage); stderr:\n%s", res.code, res.stderr)
			}
			if res.stdout != "" {
				t.Errorf("stdout: %q, want nothing", res.stdout)
			}
			first, _, _ := strings.Cut(res.stderr, "\n")
			if !strings.Contains(first, c.msg) {
				t.Errorf("stderr's first line %q does not say %q", first, c.msg)
			}
			if !strings.Contains(res.stderr, "\nUsage: tool ") {
				t.Errorf("stderr has no usage:\n%s", res.stderr)
			}
		})
	}
}

// TestHelp: help, help <command> and -h print the usage on stdout and exit
// 0; the texts are golden.
func TestHelp(t *testing.T) {
	for _, c := range []struct {
		args   []string
		golden string
	}{
		{[]string{"help"}, "help.txt"},
		{[]string{"-h"}, "help.txt"},
		{[]string{"--help"}, "help.txt"},
		{[]string{"help", "plan"}, "help-plan.txt"},
		{[]string{"plan", "-h"}, "help-plan.txt"},
		{[]string{"help", "apply"}, "help-apply.txt"},
		{[]string{"apply", "--help"}, "help-apply.txt"},
		{[]string{"help", "cost"}, "help-cost.txt"},
		{[]string{"help", "review"}, "help-review.txt"},
		{[]string{"help", "export"}, "help-export.txt"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			res := run(t, offline(t), c.args...)
			if res.code != 0 || res.stderr != "" {
				t.Fatalf("exit code %d, stderr %q", res.code, res.stderr)
			}
			golden(t, c.golden, res.stdout)
		})
	}
}
