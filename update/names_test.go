package update_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/update"
)

func TestMisspeltUpdateNamesAreRefusedBeforeAnyRequest(t *testing.T) {
	tbl, c := accounts(t)
	seed(t, tbl, "r1")
	ctx := context.Background()
	u := func() *update.Update[Account] { return update.New(tbl, key("r1")).Set(cond.Name("note"), "hi") }
	tests := []struct {
		name string
		run  func() error
		path string
	}{
		{"condition", func() error { _, err := u().If(cond.Name("nmae").Eq("Ana")).Run(ctx); return err }, "nmae"},
		{"nested condition", func() error {
			_, err := u().If(cond.Name("address").Field("citty").Eq("Lyon")).Run(ctx)
			return err
		}, "address.citty"},
		{"condition operand", func() error {
			_, err := u().If(cond.Name("name").Ne(cond.Name("nickname"))).Run(ctx)
			return err
		}, "nickname"},
		{"second condition", func() error {
			_, err := u().If(cond.Name("name").Exists()).If(cond.Name("events").Index(0).Field("knd").Exists()).Run(ctx)
			return err
		}, "events[0].knd"},
		{"nested action", func() error {
			_, err := update.New(tbl, key("r1")).Set(cond.Name("address").Field("citty"), "Paris").Run(ctx)
			return err
		}, "address.citty"},
		{"counter", func() error { _, err := update.Increment(ctx, tbl, key("r1"), cond.Name("balanse"), 1); return err }, "balanse"},
		{"undeclared attribute set", func() error {
			_, err := update.New(tbl, key("r1")).Set(cond.Undeclared("legacy_note"), "x").Run(ctx)
			return err
		}, "legacy_note"},
		{"undeclared attribute incremented", func() error {
			_, err := update.New(tbl, key("r1")).Increment(cond.Undeclared("legacy_count"), 1).Run(ctx)
			return err
		}, "legacy_count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.updates.Load()
			err := tt.run()
			var unknown *entity.InputError
			var unknownCause *model.PathError
			if !errs.HasRule(err, entity.RuleUnknownPath) || !(errors.As(err, &unknown) && errors.As(err, &unknownCause)) {
				t.Fatalf("err = %v, want an *entity.InputError of rule entity.RuleUnknownPath", err)
			}
			if unknown.Attribute != tt.path || unknown.Table != tbl.Name() || unknownCause.Entity != "Account" {
				t.Fatalf("error names %q in %q of %q", unknown.Attribute, unknown.Table, unknownCause.Entity)
			}
			if d := c.updates.Load() - before; d != 0 {
				t.Fatalf("%d requests sent", d)
			}
		})
	}
}

func TestUndeclaredAttributesInConditionsAndRemovals(t *testing.T) {
	tbl, c := accounts(t)
	seed(t, tbl, "r1")
	ctx := context.Background()
	// Attributes the model does not declare, added by other code.
	if _, err := c.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName: aws.String(tbl.Name()), Key: map[string]types.AttributeValue{"id": s("r1")},
		UpdateExpression:          aws.String("SET legacy_note = :n, legacy = :m"),
		ExpressionAttributeValues: map[string]types.AttributeValue{":n": s("x"), ":m": m("a", n("1"), "b", n("2"))},
	}); err != nil {
		t.Fatal(err)
	}

	// A condition on an undeclared attribute is evaluated by DynamoDB.
	_, err := update.New(tbl, key("r1")).Set(cond.Name("note"), "no").If(cond.Undeclared("legacy_note").Eq("y")).Run(ctx)
	if !errors.Is(err, entity.ErrConditionFailed) {
		t.Fatalf("update if legacy_note = y: %v, want ErrConditionFailed", err)
	}
	if _, err := update.New(tbl, key("r1")).Set(cond.Name("note"), "yes").
		If(cond.Undeclared("legacy_note").Eq("x")).If(cond.Undeclared("legacy").Field("b").Gt(1)).Run(ctx); err != nil {
		t.Fatal(err)
	}
	if got := raw(t, c, tbl, "r1")["note"]; !reflect.DeepEqual(got, s("yes")) {
		t.Fatalf("note = %v", got)
	}

	// Remove clears them: a whole attribute, or part of one.
	if _, err := update.New(tbl, key("r1")).Remove(cond.Undeclared("legacy_note")).Remove(cond.Undeclared("legacy").Field("a")).Run(ctx); err != nil {
		t.Fatal(err)
	}
	item := raw(t, c, tbl, "r1")
	if _, ok := item["legacy_note"]; ok {
		t.Fatalf("legacy_note still stored: %v", item)
	}
	if got := item["legacy"]; !reflect.DeepEqual(got, m("b", n("2"))) {
		t.Fatalf("legacy = %v, want {b: 2}", got)
	}

	// Undeclared exempts a path from the model's declarations only: a
	// declared attribute named with it is checked like any other, and the
	// same path named with Name is still refused (the update of the same
	// shape above does not let it through).
	before := c.updates.Load()
	if _, err := update.New(tbl, key("r1")).Remove(cond.Name("legacy_note")).Remove(cond.Undeclared("legacy").Field("a")).Run(ctx); !errs.HasRule(err, entity.RuleUnknownPath) {
		t.Fatalf("removing legacy_note named with Name: %v, want ErrUnknownPath", err)
	}
	if _, err := update.New(tbl, key("r1")).Remove(cond.Undeclared("name")).Run(ctx); !matches(err, wantRule(update.RuleRemoveRequired)) {
		t.Fatalf("removing a required attribute named with Undeclared: %v", err)
	}
	if _, err := update.New(tbl, key("r1")).Remove(cond.Undeclared(entity.VersionAttribute)).Run(ctx); !matches(err, wantRule(update.RuleManaged)) {
		t.Fatalf("removing the schema version named with Undeclared: %v", err)
	}
	if d := c.updates.Load() - before; d != 0 {
		t.Fatalf("%d requests sent", d)
	}
}
