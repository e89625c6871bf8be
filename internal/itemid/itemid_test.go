package itemid_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/internal/itemid"
)

type key = map[string]types.AttributeValue

func s(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
func n(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
func b(v string) types.AttributeValue { return &types.AttributeValueMemberB{Value: []byte(v)} }

func TestSameItem(t *testing.T) {
	for _, tc := range []struct {
		name           string
		tableA, tableB string
		a, b           key
		same           bool
	}{
		{"same string", "t", "t", key{"id": s("a")}, key{"id": s("a")}, true},
		{"same composite key in another map order", "t", "t", key{"pk": s("a"), "sk": n("1")}, key{"sk": n("1"), "pk": s("a")}, true},
		{"same bytes", "t", "t", key{"id": b("\x00\x01")}, key{"id": b("\x00\x01")}, true},
		{"1 and 1.0", "t", "t", key{"id": n("1")}, key{"id": n("1.0")}, true},
		{"1 and 1e0", "t", "t", key{"id": n("1")}, key{"id": n("1e0")}, true},
		{"1 and 10E-1", "t", "t", key{"id": n("1")}, key{"id": n("10E-1")}, true},
		{"1 and 0.1e1", "t", "t", key{"id": n("1")}, key{"id": n("0.1e1")}, true},
		{"1 and +1", "t", "t", key{"id": n("1")}, key{"id": n("+1")}, true},
		{"0 and -0.0", "t", "t", key{"id": n("0")}, key{"id": n("-0.0")}, true},
		{"sort 1.50 and 1.5", "t", "t", key{"pk": s("a"), "sk": n("1.50")}, key{"pk": s("a"), "sk": n("1.5")}, true},
		{"1 and 10", "t", "t", key{"id": n("1")}, key{"id": n("10")}, false},
		{"1 and -1", "t", "t", key{"id": n("1")}, key{"id": n("-1")}, false},
		{"string and number of one text", "t", "t", key{"id": s("1")}, key{"id": n("1")}, false},
		{"string and binary of one text", "t", "t", key{"id": s("ab")}, key{"id": b("ab")}, false},
		{"strings 1 and 1.0", "t", "t", key{"id": s("1")}, key{"id": s("1.0")}, false},
		{"other table", "t", "u", key{"id": s("a")}, key{"id": s("a")}, false},
		{"other attribute name", "t", "t", key{"id": s("a")}, key{"ID": s("a")}, false},
		{"other sort value", "t", "t", key{"pk": s("a"), "sk": n("1")}, key{"pk": s("a"), "sk": n("2")}, false},
		{"parts do not run together", "t", "t", key{"a": s("bc")}, key{"ab": s("c")}, false},
		{"table and name do not run together", "ta", "t", key{"id": s("x")}, key{"aid": s("x")}, false},
		{"not a number is no number", "t", "t", key{"id": n("NaN")}, key{"id": n("nan")}, false},
		{"not a number is not a string", "t", "t", key{"id": n("x")}, key{"id": s("Nx")}, false},
	} {
		same := itemid.Same(tc.tableA, tc.a, tc.tableB, tc.b)
		if same != tc.same {
			t.Errorf("%s: Same = %v, want %v", tc.name, same, tc.same)
		}
		if (itemid.Of(tc.tableA, tc.a) == itemid.Of(tc.tableB, tc.b)) != tc.same {
			t.Errorf("%s: Of disagrees with Same", tc.name)
		}
		if sameNames(tc.a, tc.b) {
			// A whole item has the identity of its key.
			whole := key{"other": s("x")}
			for k, v := range tc.b {
				whole[k] = v
			}
			names := keyNames(tc.a)
			if (itemid.OfItem(tc.tableA, names, tc.a) == itemid.OfItem(tc.tableB, names, whole)) != tc.same {
				t.Errorf("%s: OfItem disagrees with Same", tc.name)
			}
		}
		if tc.same && itemid.Hash(tc.tableA, tc.a) != itemid.Hash(tc.tableB, tc.b) {
			t.Errorf("%s: the same item has two hashes", tc.name)
		}
	}
}

func TestHashDoesNotAllocate(t *testing.T) {
	k := key{"pk": s("customer-123"), "sk": n("10E-1")}
	if a := testing.AllocsPerRun(100, func() { itemid.Hash("orders", k) }); a != 0 {
		t.Errorf("Hash allocates %.1f times", a)
	}
}

func keyNames(k key) []string {
	var out []string
	for name := range k {
		out = append(out, name)
	}
	return out
}

func sameNames(a, b key) bool {
	for name := range a {
		if _, ok := b[name]; !ok {
			return false
		}
	}
	return len(a) == len(b)
}
