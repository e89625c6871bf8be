package keyrules

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/number"
	"github.com/dynamodel/dynamodel/keys"
)

const (
	S = types.ScalarAttributeTypeS
	N = types.ScalarAttributeTypeN
	B = types.ScalarAttributeTypeB
)

func attrs(pairs ...any) []keys.Attribute {
	var out []keys.Attribute
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, keys.Attribute{Name: pairs[i].(string), Type: pairs[i+1].(types.ScalarAttributeType)})
	}
	return out
}

// byAssignee is the talk's warehouse index: three partition attributes and
// two sort attributes.
var byAssignee = keys.Schema{
	Kind:      keys.Global,
	Index:     "ByAssignee",
	Partition: attrs("warehouseId", S, "assigneeId", S, "status", S),
	Sort:      attrs("priority", N, "createdAt", S),
}

// inputError returns err as an *errs.InputError, failing the test when it
// is not one or does not match errs.ErrInvalidInput.
func inputError(t *testing.T, err error) *errs.InputError {
	t.Helper()
	var ie *errs.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %T (%v) is not an *errs.InputError", err, err)
	}
	if !errors.Is(err, errs.ErrInvalidInput) {
		t.Fatalf("error %v does not match ErrInvalidInput", err)
	}
	return ie
}

func TestSchemaValidate(t *testing.T) {
	tests := []struct {
		name     string
		schema   keys.Schema
		wantRule errs.Rule
		wantAttr string
	}{
		{"primary simple", keys.Schema{Kind: keys.Primary, Partition: attrs("id", S)}, "", ""},
		{"primary composite", keys.Schema{Kind: keys.Primary, Partition: attrs("pk", S), Sort: attrs("sk", N)}, "", ""},
		{"primary two partitions", keys.Schema{Kind: keys.Primary, Partition: attrs("a", S, "b", S)}, keys.RuleTooManyAttributes, "b"},
		{"primary two sorts", keys.Schema{Kind: keys.Primary, Partition: attrs("a", S), Sort: attrs("b", S, "c", S)}, keys.RuleTooManyAttributes, "c"},
		{"gsi 4x4", keys.Schema{Kind: keys.Global, Index: "g", Partition: attrs("a", S, "b", N, "c", B, "d", S), Sort: attrs("e", S, "f", N, "g", B, "h", S)}, "", ""},
		{"gsi 3x2", byAssignee, "", ""},
		{"gsi partition only", keys.Schema{Kind: keys.Global, Index: "g", Partition: attrs("a", S, "b", S)}, "", ""},
		{"gsi 5 partitions", keys.Schema{Kind: keys.Global, Index: "g", Partition: attrs("a", S, "b", S, "c", S, "d", S, "e", S)}, keys.RuleTooManyAttributes, "e"},
		{"gsi 5 sorts", keys.Schema{Kind: keys.Global, Index: "g", Partition: attrs("p", S), Sort: attrs("a", S, "b", S, "c", S, "d", S, "e", S)}, keys.RuleTooManyAttributes, "e"},
		{"gsi no partition", keys.Schema{Kind: keys.Global, Index: "g", Sort: attrs("a", S)}, keys.RuleNoPartition, ""},
		{"gsi duplicate across sides", keys.Schema{Kind: keys.Global, Index: "g", Partition: attrs("a", S), Sort: attrs("a", S)}, keys.RuleDuplicateKey, "a"},
		{"gsi bool type", keys.Schema{Kind: keys.Global, Index: "g", Partition: attrs("a", types.ScalarAttributeType("BOOL"))}, keys.RuleKeyType, "a"},
		{"empty name", keys.Schema{Kind: keys.Primary, Partition: attrs("", S)}, keys.RuleKeyName, ""},
		{"lsi", keys.Schema{Kind: keys.Local, Index: "l", Partition: attrs("pk", S), Sort: attrs("other", S)}, "", ""},
		{"lsi without sort", keys.Schema{Kind: keys.Local, Index: "l", Partition: attrs("pk", S)}, keys.RuleTooManyAttributes, ""},
		{"lsi two sorts", keys.Schema{Kind: keys.Local, Index: "l", Partition: attrs("pk", S), Sort: attrs("a", S, "b", S)}, keys.RuleTooManyAttributes, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Validate(tt.schema)
			if tt.wantRule == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			ie := inputError(t, err)
			if ie.Rule != tt.wantRule || ie.Index != tt.schema.Index || ie.Attribute != tt.wantAttr {
				t.Fatalf("Validate() = %#v, want rule %s, index %q, attribute %q", ie, tt.wantRule, tt.schema.Index, tt.wantAttr)
			}
		})
	}
}

func TestKeySchemaOrdersHashBeforeRange(t *testing.T) {
	got := KeySchema(byAssignee)
	want := []struct {
		name string
		kt   types.KeyType
	}{
		{"warehouseId", types.KeyTypeHash}, {"assigneeId", types.KeyTypeHash}, {"status", types.KeyTypeHash},
		{"priority", types.KeyTypeRange}, {"createdAt", types.KeyTypeRange},
	}
	if len(got) != len(want) {
		t.Fatalf("len = %d, want %d", len(got), len(want))
	}
	for i, w := range want {
		if aws.ToString(got[i].AttributeName) != w.name || got[i].KeyType != w.kt {
			t.Errorf("element %d = %s %s, want %s %s", i, aws.ToString(got[i].AttributeName), got[i].KeyType, w.name, w.kt)
		}
	}
}

func TestAllAtLenHas(t *testing.T) {
	all := All(byAssignee)
	if Len(byAssignee) != 5 || len(all) != 5 {
		t.Fatalf("Len = %d, len(All) = %d, want 5", Len(byAssignee), len(all))
	}
	for i, a := range all {
		if At(byAssignee, i) != a {
			t.Fatalf("At(%d) = %v, All()[%d] = %v", i, At(byAssignee, i), i, a)
		}
		if !Has(byAssignee, a.Name) {
			t.Fatalf("Has(%q) = false", a.Name)
		}
	}
	if all[0].Name != "warehouseId" || all[4].Name != "createdAt" {
		t.Fatalf("All = %v, want partition attributes first", all)
	}
	if Has(byAssignee, "total") {
		t.Fatal("Has(total) = true")
	}
}

func TestCheckConditions(t *testing.T) {
	eq := func(a string) Condition { return Condition{a, Equal} }
	c := func(a string, op Op) Condition { return Condition{a, op} }
	full := []Condition{eq("warehouseId"), eq("assigneeId"), eq("status")}
	with := func(extra ...Condition) []Condition { return append(append([]Condition{}, full...), extra...) }

	tests := []struct {
		name     string
		conds    []Condition
		wantRule errs.Rule
		wantAttr string
	}{
		{"partition only", full, "", ""},
		{"first sort equal", with(eq("priority")), "", ""},
		{"first sort range", with(c("priority", Greater)), "", ""},
		{"first sort between", with(c("priority", Between)), "", ""},
		{"both sorts, range last", with(eq("priority"), c("createdAt", GreaterOrEqual)), "", ""},
		{"both sorts, begins_with last on S", with(eq("priority"), c("createdAt", BeginsWith)), "", ""},
		{"clause order does not matter", []Condition{c("createdAt", Less), eq("status"), eq("priority"), eq("warehouseId"), eq("assigneeId")}, "", ""},
		{"missing a partition attribute", []Condition{eq("warehouseId"), eq("assigneeId")}, keys.RulePartitionMissing, "status"},
		{"range on partition", []Condition{eq("warehouseId"), eq("assigneeId"), c("status", BeginsWith)}, keys.RulePartitionNotEqual, "status"},
		{"gap in sort", with(c("createdAt", Greater)), keys.RuleSortGap, "createdAt"},
		{"range before equality", with(c("priority", Greater), eq("createdAt")), keys.RuleRangeNotLast, "priority"},
		{"two ranges", with(c("priority", Greater), c("createdAt", Less)), keys.RuleRangeNotLast, "priority"},
		{"begins_with on number", with(c("priority", BeginsWith)), keys.RuleBeginsWithNumber, "priority"},
		{"not a key attribute", with(eq("total")), keys.RuleNotKeyAttribute, "total"},
		{"same attribute twice", with(eq("priority"), c("priority", Less)), keys.RuleDuplicateCondition, "priority"},
		{"no conditions", nil, keys.RuleNoConditions, ""},
		{"bad operator", with(Condition{"priority", Op(99)}), keys.RuleUnsupportedOperator, "priority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckConditions(byAssignee, tt.conds)
			if tt.wantRule == "" {
				if err != nil {
					t.Fatalf("CheckConditions() = %v, want nil", err)
				}
				return
			}
			ie := inputError(t, err)
			if ie.Rule != tt.wantRule {
				t.Fatalf("CheckConditions() = %v, want rule %s", err, tt.wantRule)
			}
			if ie.Index != "ByAssignee" || ie.Attribute != tt.wantAttr {
				t.Fatalf("InputError names index %q attribute %q, want ByAssignee %q", ie.Index, ie.Attribute, tt.wantAttr)
			}
		})
	}
}

func TestExtractAndSparseness(t *testing.T) {
	item := map[string]types.AttributeValue{
		"warehouseId": &types.AttributeValueMemberS{Value: "w1"},
		"assigneeId":  &types.AttributeValueMemberS{Value: "a1"},
		"status":      &types.AttributeValueMemberS{Value: "open"},
		"priority":    &types.AttributeValueMemberN{Value: "3"},
		"createdAt":   &types.AttributeValueMemberS{Value: "2025-01-01"},
		"note":        &types.AttributeValueMemberS{Value: "x"},
	}
	key, ok := Extract(byAssignee, item)
	if !ok || len(key) != 5 {
		t.Fatalf("Extract = %v, %v; want 5 attributes", key, ok)
	}
	if _, has := key["note"]; has {
		t.Fatal("Extract copied a non-key attribute")
	}
	if !InIndex(byAssignee, item) {
		t.Fatal("complete item should be in the index")
	}
	delete(item, "status")
	if _, ok := Extract(byAssignee, item); ok {
		t.Fatal("item without status must not be in the index")
	}
	item["status"] = &types.AttributeValueMemberNULL{Value: true}
	if InIndex(byAssignee, item) {
		t.Fatal("item with NULL status must not be in the index")
	}
	item["status"] = &types.AttributeValueMemberN{Value: "1"}
	if InIndex(byAssignee, item) {
		t.Fatal("item with a wrongly typed key attribute is not indexed")
	}
}

func TestCheckValue(t *testing.T) {
	long := make([]byte, MaxSortValueBytes+1)
	for i := range long {
		long[i] = 'x'
	}
	tests := []struct {
		name     string
		attr     keys.Attribute
		sort     bool
		v        types.AttributeValue
		wantRule errs.Rule
	}{
		{"ok", keys.Attribute{Name: "a", Type: S}, false, &types.AttributeValueMemberS{Value: "x"}, ""},
		{"empty string", keys.Attribute{Name: "a", Type: S}, false, &types.AttributeValueMemberS{Value: ""}, keys.RuleEmptyKeyValue},
		{"empty binary", keys.Attribute{Name: "a", Type: B}, false, &types.AttributeValueMemberB{Value: nil}, keys.RuleEmptyKeyValue},
		{"wrong type", keys.Attribute{Name: "a", Type: N}, false, &types.AttributeValueMemberS{Value: "1"}, keys.RuleKeyValueTypeMismatch},
		{"null", keys.Attribute{Name: "a", Type: S}, false, &types.AttributeValueMemberNULL{Value: true}, keys.RuleKeyValueTypeMismatch},
		{"nil", keys.Attribute{Name: "a", Type: S}, false, nil, keys.RuleKeyValueTypeMismatch},
		{"sort too large", keys.Attribute{Name: "a", Type: S}, true, &types.AttributeValueMemberS{Value: string(long)}, keys.RuleKeyValueTooLarge},
		{"same size fits a partition", keys.Attribute{Name: "a", Type: S}, false, &types.AttributeValueMemberS{Value: string(long)}, ""},
		{"number out of range", keys.Attribute{Name: "a", Type: N}, false, &types.AttributeValueMemberN{Value: "1E+126"}, number.Rule},
		{"not a number", keys.Attribute{Name: "a", Type: N}, true, &types.AttributeValueMemberN{Value: "one"}, number.Rule},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ie := CheckValue(tt.attr, tt.sort, tt.v)
			if tt.wantRule == "" {
				if ie != nil {
					t.Fatalf("CheckValue() = %v, want nil", ie)
				}
				return
			}
			if ie == nil || ie.Rule != tt.wantRule || ie.Attribute != "a" {
				t.Fatalf("CheckValue() = %v, want rule %s on attribute a", ie, tt.wantRule)
			}
			inputError(t, ie)
			if tt.wantRule == number.Rule && !errors.Is(ie, number.ErrInvalid) {
				t.Fatalf("CheckValue() = %v, does not wrap the number's refusal", ie)
			}
		})
	}
}

func TestAppendTimeMatchesFormatTime(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	times := []time.Time{
		base,
		base.Add(500 * time.Millisecond),
		base.Add(time.Nanosecond),
		base.Add(-time.Hour).In(time.FixedZone("east", 5*3600)),
		time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, tm := range times {
		if got, want := string(AppendTime([]byte("k#"), tm)), "k#"+keys.FormatTime(tm); got != want {
			t.Fatalf("AppendTime = %q, want %q", got, want)
		}
	}
}
