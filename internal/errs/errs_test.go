package errs

import (
	"errors"
	"fmt"
	"strings"
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
	nested := fmt.Errorf("wrapped: %w", &InputError{Rule: "invalid-key", Err: fmt.Errorf("cause: %w", &InputError{Rule: "key-value-type"})})
	if !HasRule(nested, "invalid-key") || !HasRule(nested, "key-value-type") || HasRule(nested, "sort-gap") {
		t.Error("HasRule does not follow an InputError's cause to the InputError it wraps")
	}
}

func TestANestedInputErrorPrintsTheChainOnce(t *testing.T) {
	keyRule := &InputError{Rule: "key-value-type", Detail: "got nil, want string"}
	tests := []struct {
		name string
		err  *InputError
		want string
	}{
		{
			name: "the cause adds a rule and the detail",
			err:  &InputError{Table: "orders", Attribute: "id", Rule: "invalid-key", Err: keyRule},
			want: "dynamodel: invalid input, table orders, attribute id (invalid-key, key-value-type): got nil, want string",
		},
		{
			name: "the cause knows what the outer error does not",
			err:  &InputError{Op: "Get", Rule: "invalid-key", Detail: "the key", Err: &InputError{Table: "orders", Attribute: "id", Rule: "key-value-type", Detail: "missing"}},
			want: "dynamodel: invalid input to Get, table orders, attribute id (invalid-key, key-value-type): the key: missing",
		},
		{
			name: "a cause elsewhere says where, once",
			err: &InputError{Op: "query.New", Table: "orders", Attribute: "a", Rule: "r1",
				Err: &InputError{Op: "keys.Check", Table: "orders", Attribute: "b", Rule: "r1", Detail: "d2", Err: errors.New("root")}},
			want: "dynamodel: invalid input to query.New, table orders, attribute a (r1): keys.Check, attribute b: d2: root",
		},
		{
			name: "three levels",
			err: &InputError{Op: "update", Key: `{id="a"}`, Rule: "r1", Detail: "d1",
				Err: &InputError{Attribute: "x", Detail: "d2", Err: &InputError{Attribute: "y", Rule: "r3"}}},
			want: `dynamodel: invalid input to update, key {id="a"}, attribute x (r1, r3): d1: d2: attribute y`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.err.Error()
			if got != tt.want {
				t.Fatalf("message\n got %s\nwant %s", got, tt.want)
			}
			if strings.Count(got, ErrInvalidInput.Error()) != 1 {
				t.Fatalf("the prefix is repeated: %s", got)
			}
			for c := error(tt.err); c != nil; c = errors.Unwrap(c) {
				if ie, ok := c.(*InputError); ok && ie.Rule != "" && !HasRule(tt.err, ie.Rule) {
					t.Errorf("HasRule(%q) = false", ie.Rule)
				}
			}
			if !errors.Is(tt.err, ErrInvalidInput) {
				t.Error("a nested input error does not match ErrInvalidInput")
			}
		})
	}
}
