package main

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

func TestMain(m *testing.M) { dynamotest.Main(m) }

func TestAdopt(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	table := dynamotest.TableName(t, "adopt")
	dynamotest.DeleteTableOnCleanup(t, client, table)
	if err := createLegacyTable(ctx, client, table); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := adopt(ctx, client, table, &out); err != nil {
		t.Fatal(err)
	}
	want := `warning: Opened (timeformat=rfc3339) is a sort key of index ByAssignee: RFC 3339 text has variable width and keeps the writer's zone, so items sort and range conditions compare as text, not as time (12:00:00.5Z sorts before 12:00:00Z)
warning: Tier (default="standard"): Put and Create write the default in place of the zero value "", so only an update can store ""; make it a pointer to store it
get T2: open, tier standard, opened 2025-03-04T10:00:00.5Z
query: T2(2025-03-04T10:00:00.5Z) T1(2025-03-04T10:00:00Z) T3(2025-03-04T10:00:01Z)
query: T1(2025-03-04T10:00:00Z) T3(2025-03-04T10:00:01Z)
stored T1: status closed, opened 2025-03-04T10:00:00Z, _t Ticket, _v 1
created T4: tier standard
updated T3 at version 0: now version 1
stale put T3: dynamodel: tickets {id="T3", tenant="acme"}: condition failed: the stored lock version is 1, not 0 (none yet) as expected: the item was written since that version was read (lock attribute ver)
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}

// The README's walk-through is this program's code, word for word, so it
// cannot drift from code that runs.
func TestReadmeWalkThroughIsThisProgram(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("adopt.go")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Adopting an existing table\n")
	if !ok {
		t.Fatal("README has no section \"Adopting an existing table\"")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := strings.Split(section, "```go\n")[1:]
	if len(blocks) == 0 {
		t.Fatal("the README section has no Go block")
	}
	for _, b := range blocks {
		b, _, _ = strings.Cut(b, "```")
		if !strings.Contains(string(src), b) {
			t.Errorf("README block is not in examples/adopt/adopt.go:\n%s", b)
		}
	}
}
