package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestWithinKeepsTheRuleAndAddsWhere(t *testing.T) {
	inner := &InputError{Rule: "sort-gap", Attribute: "status", Detail: "skips priority"}
	got := Within(fmt.Errorf("context: %w", inner), "query.BatchGet", "orders", "key 2 of 3")
	if got == inner || got.Rule != "sort-gap" || got.Op != "query.BatchGet" || got.Table != "orders" ||
		got.Attribute != "status" || got.Detail != "key 2 of 3: skips priority" {
		t.Fatalf("Within an input error: %+v", got)
	}
	if inner.Op != "" || inner.Detail != "skips priority" {
		t.Fatalf("Within changed the error it was given: %+v", inner)
	}
	// What is known already stays.
	named := &InputError{Op: "keys.Check", Table: "t1", Rule: "r"}
	if got := Within(named, "query.New", "t2", ""); got.Op != "keys.Check" || got.Table != "t1" || got.Detail != "" {
		t.Fatalf("Within overwrote what was known: %+v", got)
	}

	cause := errors.New("not an input error")
	got = Within(cause, "update.BatchPut", "orders", "operation 7")
	if got.Rule != "" || got.Op != "update.BatchPut" || got.Table != "orders" || got.Detail != "operation 7" ||
		!errors.Is(got, cause) || !errors.Is(got, ErrInvalidInput) {
		t.Fatalf("Within another error: %+v", got)
	}
}

func TestHasRuleSearchesTheWholeTree(t *testing.T) {
	ops := errors.Join(&InputError{Rule: "duplicate-key"}, fmt.Errorf("op 2: %w", &InputError{Rule: "invalid-key"}))
	batch := fmt.Errorf("run: %w", &InputError{Rule: "batch-refused", Err: ops})
	for _, r := range []Rule{"batch-refused", "duplicate-key", "invalid-key"} {
		if !HasRule(batch, r) {
			t.Errorf("HasRule(%q) = false", r)
		}
	}
	if HasRule(batch, "other") || HasRule(nil, "batch-refused") {
		t.Error("HasRule found a rule no error names")
	}
}
