package main

import (
	"os"
	"strings"
	"testing"
)

// The program runs as an example, so its output is checked.
func Example() {
	main()
	// Output:
	// o-1 open
	// true dynamodel: Order for quickstart-orders is invalid: Order.WarehouseID (warehouseId): required; Order.AssigneeID (assigneeId): required; Order.Status (status): oneof=open picked shipped
}

// The README's quick start is this program, word for word from the type
// declaration on, so the README cannot drift from code that runs.
func TestReadmeQuickStartIsThisProgram(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("main.go")
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "## Quick start\n\n```go\n")
	if !ok {
		t.Fatal("README has no Go quick start block")
	}
	block, _, _ = strings.Cut(block, "```")
	body := func(s string) string {
		_, after, _ := strings.Cut(s, "type Order struct")
		return after
	}
	if body(block) == "" || body(block) != body(string(src)) {
		t.Fatal("README quick start differs from examples/quickstart/main.go; update one from the other")
	}
}
