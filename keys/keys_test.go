package keys

import (
	"errors"
	"sort"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

const (
	S = types.ScalarAttributeTypeS
	N = types.ScalarAttributeTypeN
	B = types.ScalarAttributeTypeB
)

func attrs(pairs ...any) []Attribute {
	var out []Attribute
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, Attribute{Name: pairs[i].(string), Type: pairs[i+1].(types.ScalarAttributeType)})
	}
	return out
}

// byAssignee is the talk's warehouse index: three partition attributes and
// two sort attributes.
var byAssignee = Schema{
	Kind:      Global,
	Index:     "ByAssignee",
	Partition: attrs("warehouseId", S, "assigneeId", S, "status", S),
	Sort:      attrs("priority", N, "createdAt", S),
}

func TestSchemaValidate(t *testing.T) {
	tests := []struct {
		name    string
		schema  Schema
		wantErr error
	}{
		{"primary simple", Schema{Kind: Primary, Partition: attrs("id", S)}, nil},
		{"primary composite", Schema{Kind: Primary, Partition: attrs("pk", S), Sort: attrs("sk", N)}, nil},
		{"primary two partitions", Schema{Kind: Primary, Partition: attrs("a", S, "b", S)}, ErrTooManyAttributes},
		{"primary two sorts", Schema{Kind: Primary, Partition: attrs("a", S), Sort: attrs("b", S, "c", S)}, ErrTooManyAttributes},
		{"gsi 4x4", Schema{Kind: Global, Index: "g", Partition: attrs("a", S, "b", N, "c", B, "d", S), Sort: attrs("e", S, "f", N, "g", B, "h", S)}, nil},
		{"gsi 3x2", byAssignee, nil},
		{"gsi partition only", Schema{Kind: Global, Index: "g", Partition: attrs("a", S, "b", S)}, nil},
		{"gsi 5 partitions", Schema{Kind: Global, Index: "g", Partition: attrs("a", S, "b", S, "c", S, "d", S, "e", S)}, ErrTooManyAttributes},
		{"gsi 5 sorts", Schema{Kind: Global, Index: "g", Partition: attrs("p", S), Sort: attrs("a", S, "b", S, "c", S, "d", S, "e", S)}, ErrTooManyAttributes},
		{"gsi no partition", Schema{Kind: Global, Index: "g", Sort: attrs("a", S)}, ErrNoPartition},
		{"gsi duplicate across sides", Schema{Kind: Global, Index: "g", Partition: attrs("a", S), Sort: attrs("a", S)}, ErrDuplicateKey},
		{"gsi bool type", Schema{Kind: Global, Index: "g", Partition: attrs("a", types.ScalarAttributeType("BOOL"))}, ErrKeyType},
		{"empty name", Schema{Kind: Primary, Partition: attrs("", S)}, ErrKeyName},
		{"lsi", Schema{Kind: Local, Index: "l", Partition: attrs("pk", S), Sort: attrs("other", S)}, nil},
		{"lsi without sort", Schema{Kind: Local, Index: "l", Partition: attrs("pk", S)}, ErrTooManyAttributes},
		{"lsi two sorts", Schema{Kind: Local, Index: "l", Partition: attrs("pk", S), Sort: attrs("a", S, "b", S)}, ErrTooManyAttributes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.schema.Validate()
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Validate() = %v, want %v", err, tt.wantErr)
			}
			var se *SchemaError
			if !errors.As(err, &se) || se.Kind != tt.schema.Kind {
				t.Fatalf("Validate() = %#v, want *SchemaError of kind %v", err, tt.schema.Kind)
			}
		})
	}
}

func TestKeySchemaOrdersHashBeforeRange(t *testing.T) {
	got := byAssignee.KeySchema()
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

func TestCheckConditions(t *testing.T) {
	eq := func(a string) Condition { return Condition{a, Equal} }
	c := func(a string, op Op) Condition { return Condition{a, op} }
	full := []Condition{eq("warehouseId"), eq("assigneeId"), eq("status")}
	with := func(extra ...Condition) []Condition { return append(append([]Condition{}, full...), extra...) }

	tests := []struct {
		name     string
		conds    []Condition
		wantErr  error
		wantAttr string
	}{
		{"partition only", full, nil, ""},
		{"first sort equal", with(eq("priority")), nil, ""},
		{"first sort range", with(c("priority", Greater)), nil, ""},
		{"first sort between", with(c("priority", Between)), nil, ""},
		{"both sorts, range last", with(eq("priority"), c("createdAt", GreaterOrEqual)), nil, ""},
		{"both sorts, begins_with last on S", with(eq("priority"), c("createdAt", BeginsWith)), nil, ""},
		{"clause order does not matter", []Condition{c("createdAt", Less), eq("status"), eq("priority"), eq("warehouseId"), eq("assigneeId")}, nil, ""},
		{"missing a partition attribute", []Condition{eq("warehouseId"), eq("assigneeId")}, ErrPartitionMissing, "status"},
		{"range on partition", []Condition{eq("warehouseId"), eq("assigneeId"), c("status", BeginsWith)}, ErrPartitionNotEqual, "status"},
		{"gap in sort", with(c("createdAt", Greater)), ErrSortGap, "createdAt"},
		{"range before equality", with(c("priority", Greater), eq("createdAt")), ErrRangeNotLast, "priority"},
		{"two ranges", with(c("priority", Greater), c("createdAt", Less)), ErrRangeNotLast, "priority"},
		{"begins_with on number", with(c("priority", BeginsWith)), ErrBeginsWithNumber, "priority"},
		{"not a key attribute", with(eq("total")), ErrNotKeyAttribute, "total"},
		{"same attribute twice", with(eq("priority"), c("priority", Less)), ErrDuplicateCondition, "priority"},
		{"no conditions", nil, ErrNoConditions, ""},
		{"bad operator", with(Condition{"priority", Op(99)}), ErrUnsupportedOperator, "priority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := byAssignee.CheckConditions(tt.conds)
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("CheckConditions() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("CheckConditions() = %v, want %v", err, tt.wantErr)
			}
			var ce *ConditionError
			if !errors.As(err, &ce) {
				t.Fatalf("error %T is not a *ConditionError", err)
			}
			if ce.Index != "ByAssignee" || ce.Attribute != tt.wantAttr {
				t.Fatalf("ConditionError names index %q attribute %q, want ByAssignee %q", ce.Index, ce.Attribute, tt.wantAttr)
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
	key, ok := byAssignee.Extract(item)
	if !ok || len(key) != 5 {
		t.Fatalf("Extract = %v, %v; want 5 attributes", key, ok)
	}
	if _, has := key["note"]; has {
		t.Fatal("Extract copied a non-key attribute")
	}
	if !byAssignee.InIndex(item) {
		t.Fatal("complete item should be in the index")
	}
	delete(item, "status")
	if _, ok := byAssignee.Extract(item); ok {
		t.Fatal("item without status must not be in the index")
	}
	item["status"] = &types.AttributeValueMemberNULL{Value: true}
	if byAssignee.InIndex(item) {
		t.Fatal("item with NULL status must not be in the index")
	}
	item["status"] = &types.AttributeValueMemberN{Value: "1"}
	if byAssignee.InIndex(item) {
		t.Fatal("item with a wrongly typed key attribute is not indexed")
	}
}

func TestCheckValue(t *testing.T) {
	long := make([]byte, MaxSortValueBytes+1)
	for i := range long {
		long[i] = 'x'
	}
	tests := []struct {
		name    string
		attr    Attribute
		sort    bool
		v       types.AttributeValue
		wantErr error
	}{
		{"ok", Attribute{"a", S}, false, &types.AttributeValueMemberS{Value: "x"}, nil},
		{"empty string", Attribute{"a", S}, false, &types.AttributeValueMemberS{Value: ""}, ErrEmptyKeyValue},
		{"empty binary", Attribute{"a", B}, false, &types.AttributeValueMemberB{Value: nil}, ErrEmptyKeyValue},
		{"wrong type", Attribute{"a", N}, false, &types.AttributeValueMemberS{Value: "1"}, ErrKeyValueTypeMismatch},
		{"null", Attribute{"a", S}, false, &types.AttributeValueMemberNULL{Value: true}, ErrKeyValueTypeMismatch},
		{"nil", Attribute{"a", S}, false, nil, ErrKeyValueTypeMismatch},
		{"sort too large", Attribute{"a", S}, true, &types.AttributeValueMemberS{Value: string(long)}, ErrKeyValueTooLarge},
		{"same size fits a partition", Attribute{"a", S}, false, &types.AttributeValueMemberS{Value: string(long)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckValue(tt.attr, tt.sort, tt.v)
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("CheckValue() = %v, want %v", err, tt.wantErr)
			}
		})
	}
}

func TestTimeLayoutSortsInTimeOrder(t *testing.T) {
	base := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	times := []time.Time{
		base,
		base.Add(500 * time.Millisecond),
		base.Add(time.Nanosecond),
		base.Add(-time.Hour).In(time.FixedZone("east", 5*3600)),
		base.Add(time.Second),
		time.Date(999, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	strs := make([]string, len(times))
	for i, tm := range times {
		strs[i] = FormatTime(tm)
		if got := string(AppendTime(nil, tm)); got != strs[i] {
			t.Fatalf("AppendTime = %q, FormatTime = %q", got, strs[i])
		}
		back, err := time.Parse(time.RFC3339, strs[i])
		if err != nil || !back.Equal(tm) {
			t.Fatalf("time.Parse(%q) = %v, %v; want %v", strs[i], back, err, tm)
		}
	}
	sort.Strings(strs)
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	for i := range times {
		if FormatTime(times[i]) != strs[i] {
			t.Fatalf("string order differs from time order at %d: %v", i, strs)
		}
	}
}
