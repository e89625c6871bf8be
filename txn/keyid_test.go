package txn

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// The fingerprint is a shortcut for sameKey: it must agree whenever keys
// are the same item, and it tells the kinds of value apart.
func TestKeyID(t *testing.T) {
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	n := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	b := func(v string) types.AttributeValue { return &types.AttributeValueMemberB{Value: []byte(v)} }
	for _, tc := range []struct {
		name       string
		tableA     string
		a          map[string]types.AttributeValue
		tableB     string
		b          map[string]types.AttributeValue
		sameItem   bool
		mustDiffer bool
	}{
		{"same simple key", "t", map[string]types.AttributeValue{"id": s("a")}, "t", map[string]types.AttributeValue{"id": s("a")}, true, false},
		{"same composite key", "t", map[string]types.AttributeValue{"pk": s("a"), "sk": n("1")}, "t", map[string]types.AttributeValue{"sk": n("1"), "pk": s("a")}, true, false},
		{"same binary key", "t", map[string]types.AttributeValue{"id": b("\x00\x01")}, "t", map[string]types.AttributeValue{"id": b("\x00\x01")}, true, false},
		{"string and number of the same text", "t", map[string]types.AttributeValue{"id": s("1")}, "t", map[string]types.AttributeValue{"id": n("1")}, false, true},
		{"string and binary of the same bytes", "t", map[string]types.AttributeValue{"id": s("ab")}, "t", map[string]types.AttributeValue{"id": b("ab")}, false, true},
		{"other table", "t", map[string]types.AttributeValue{"id": s("a")}, "u", map[string]types.AttributeValue{"id": s("a")}, false, false},
		{"other sort value", "t", map[string]types.AttributeValue{"pk": s("a"), "sk": n("1")}, "t", map[string]types.AttributeValue{"pk": s("a"), "sk": n("2")}, false, false},
	} {
		idA, idB := keyID(tc.tableA, tc.a), keyID(tc.tableB, tc.b)
		same := tc.tableA == tc.tableB && sameKey(tc.a, tc.b)
		if same != tc.sameItem {
			t.Errorf("%s: sameKey = %v, want %v", tc.name, same, tc.sameItem)
		}
		if tc.sameItem && idA != idB {
			t.Errorf("%s: the same item has fingerprints %x and %x", tc.name, idA, idB)
		}
		if tc.mustDiffer && idA == idB {
			t.Errorf("%s: fingerprints are equal", tc.name)
		}
	}
}
