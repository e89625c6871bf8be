package entity

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// sizeSink has every field kind the encoder counts itself (no custom
// marshalers, which it cannot see into).
type sizeSink struct {
	S     string
	N     int64
	U     uint8
	F     float64
	B     bool
	T     time.Time
	U2    time.Time `dynamodbav:",unixtime"`
	P     *string
	Bytes []byte
	SS    []string `dynamodbav:",stringset"`
	NS    []int    `dynamodbav:",numberset"`
	L     []Inner
	M     map[string]any
	MS    map[string]string
	Nest  Inner
	Omit  string `dynamodbav:",omitempty"`
}

// The running size the encoder keeps is never below DynamoDB's size (it
// decides whether an item is measured at all) and stays close to it.
func TestEncoderSizeBound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	meta := structPlan(reflect.TypeFor[sizeSink]())
	for i := 0; i < 3000; i++ {
		var in sizeSink
		fill(reflect.ValueOf(&in).Elem(), r, 4)
		e := newEncState()
		m, err := meta.encode(e, reflect.ValueOf(&in).Elem(), 0)
		if err != nil {
			continue
		}
		exact := ItemSize(m)
		if e.untracked {
			t.Fatal("a value of sizeSink was not counted")
		}
		if e.size < exact {
			t.Fatalf("bound %d below the size %d for %s", e.size, exact, dump(m))
		}
		if e.size > 2*exact+64 {
			t.Fatalf("bound %d far above the size %d", e.size, exact)
		}
	}
}

// Numbers are sized as DynamoDB sizes them: base-100 digits paired from the
// decimal point, and a byte for the sign (measured on DynamoDB Local). A
// count of significant digits alone makes 1.5 and -1 a byte too small.
func TestItemSizeNumbers(t *testing.T) {
	cases := map[string]int{"15": 3, "1.5": 4, "0.5": 3, "-1": 4, "-1.5": 5, "101": 4}
	for text, want := range cases {
		item := map[string]types.AttributeValue{"n": &types.AttributeValueMemberN{Value: text}}
		if got := ItemSize(item); got != want {
			t.Errorf("ItemSize(n=%s) = %d, want %d", text, got, want)
		}
	}
}
