package errs

import (
	"errors"
	"fmt"
	"testing"
)

func TestInputErrorMatchesTheFamilyAndItsCause(t *testing.T) {
	cause := errors.New("cause")
	err := fmt.Errorf("wrapped: %w", &InputError{Op: "query.Where", Table: "orders", Attribute: "status", Rule: "sort-gap", Detail: "skips priority", Err: cause})
	if !errors.Is(err, ErrInvalidInput) {
		t.Fatal("an InputError does not match ErrInvalidInput")
	}
	if !errors.Is(err, cause) {
		t.Fatal("an InputError does not unwrap to its cause")
	}
	var ie *InputError
	if !errors.As(err, &ie) || ie.Rule != "sort-gap" {
		t.Fatalf("errors.As: %v", ie)
	}
	want := "wrapped: dynamodel: invalid input to query.Where, table orders, attribute status (sort-gap): skips priority: cause"
	if err.Error() != want {
		t.Fatalf("message\n got %s\nwant %s", err.Error(), want)
	}
}

func TestHasRule(t *testing.T) {
	err := fmt.Errorf("wrapped: %w", &InputError{Rule: "sort-gap"})
	if !HasRule(err, "sort-gap") || HasRule(err, "other") || HasRule(errors.New("x"), "sort-gap") {
		t.Error("HasRule does not follow the wrapped InputError's rule")
	}
}
