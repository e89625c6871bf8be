package entity_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/keys"
)

// A refusal whose cause is another refusal (a key refused by entity for a
// rule of keys) says the prefix and the attribute once and names both
// rules; errors.Is, errors.As and the rules still find every level.
func TestAKeyRefusalSaysEachThingOnce(t *testing.T) {
	orders := offlineTable[Order](t)
	for _, tc := range []struct {
		name string
		key  entity.Key
	}{
		{"nil", entity.NewKey(nil)},
		{"a number for a string", entity.NewKey(5)},
		{"empty", entity.NewKey("")},
		{"a sort value the table does not have", entity.NewKey("o1", 2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for what, err := range map[string]error{
				"Get":    func() error { _, err := orders.Get(tc.key).Input(); return err }(),
				"Delete": func() error { _, err := orders.Delete(tc.key).Input(); return err }(),
			} {
				var ie *entity.InputError
				if !errors.As(err, &ie) || !errors.Is(err, entity.ErrInvalidInput) || !errs.HasRule(err, entity.RuleInvalidKey) {
					t.Fatalf("%s: %v, want an *entity.InputError with RuleInvalidKey", what, err)
				}
				msg := err.Error()
				if strings.Count(msg, entity.ErrInvalidInput.Error()) != 1 || strings.Count(msg, "orderId") != 1 {
					t.Errorf("%s: the message repeats the prefix or the attribute: %s", what, msg)
				}
				for c := error(ie); c != nil; c = errors.Unwrap(c) {
					if inner, ok := c.(*entity.InputError); ok && inner.Rule != "" && !strings.Contains(msg, string(inner.Rule)) {
						t.Errorf("%s: the message does not name rule %s: %s", what, inner.Rule, msg)
					}
				}
			}
		})
	}
	_, err := orders.Get(entity.NewKey(nil)).Input()
	if !errs.HasRule(err, keys.RuleKeyValueTypeMismatch) {
		t.Fatalf("Get of a nil key = %v, want keys.RuleKeyValueTypeMismatch found too", err)
	}
}

// IfVersion on an entity without a lock version field says what is
// missing, and still matches ErrInvalidModel.
func TestIfVersionWithoutALockFieldSaysWhatIsMissing(t *testing.T) {
	notes := offlineTable[note](t)
	_, err := notes.Delete(entity.NewKey("n1")).IfVersion(2).Input()
	if !errors.Is(err, entity.ErrInvalidModel) || !errs.HasRule(err, entity.RuleInvalidArgument) {
		t.Fatalf("Delete.IfVersion = %v, want ErrInvalidModel and RuleInvalidArgument", err)
	}
	if msg := err.Error(); !strings.HasSuffix(msg, `note has no ddb:"lock" field`) {
		t.Fatalf("the message does not end saying what is missing: %s", msg)
	}
}
