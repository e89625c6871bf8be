package update_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/keys"
	"github.com/dynamodel/dynamodel/update"
)

// A value of another Go type than the attribute's, nil included, is refused
// for RuleWrongKind (a key value's rule is for keys), naming the path, the
// rule and the call once.
func TestAValueOfAnotherTypeIsTheWrongKind(t *testing.T) {
	tbl, err := entity.NewTable[Account]((*dynamodb.Client)(nil), entity.TableName("offline"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		u    *update.Update[Account]
		path string
	}{
		{"nil for a string", update.New(tbl, key("a")).Set(cond.Name("name"), nil), "name"},
		{"an int for a string", update.New(tbl, key("a")).Set(cond.Name("name"), 5), "name"},
		{"a string for an int", update.New(tbl, key("a")).Set(cond.Name("orders"), "many"), "orders"},
		{"nil for an int64", update.New(tbl, key("a")).Set(cond.Name("balance"), nil), "balance"},
		{"a nil pointer for a string", update.New(tbl, key("a")).Set(cond.Name("note"), (*string)(nil)), "note"},
		{"an int for a nested string", update.New(tbl, key("a")).Set(cond.Name("address").Field("city"), 7), "address.city"},
		{"a string for a struct", update.New(tbl, key("a")).Set(cond.Name("address"), "Oslo"), "address"},
		{"nil for an index key", update.New(tbl, key("a")).Set(cond.Name("region"), nil), "region"},
		{"if_not_exists with an int for a string", update.New(tbl, key("a")).SetIfNotExists(cond.Name("note"), 1), "note"},
		{"an upsert's value of another type", update.New(tbl, key("a")).Upsert().Set(cond.Name("name"), 5), "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.u.Input()
			var ie *entity.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Input() = %v, want an *entity.InputError", err)
			}
			if !errs.HasRule(err, update.RuleWrongKind) || errs.HasRule(err, keys.RuleKeyValueTypeMismatch) {
				t.Fatalf("Input() = %v, want RuleWrongKind and no key rule", err)
			}
			if ie.Attribute != tt.path || ie.Op != "update" {
				t.Fatalf("error names call %q and attribute %q, want update and %s: %v", ie.Op, ie.Attribute, tt.path, err)
			}
			msg := err.Error()
			if strings.Count(msg, entity.ErrInvalidInput.Error()) != 1 || strings.Count(msg, tt.path) != 1 ||
				!strings.Contains(msg, "("+string(update.RuleWrongKind)+")") {
				t.Fatalf("message names the prefix, path and rule other than once each: %s", msg)
			}
		})
	}
}
