package entity_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
)

type labelID string

// A Key prints as errors print keys, by position since it does not know
// its attributes' names, also inside a slice (a batch's Missing keys).
func TestKeyPrintsAsErrorsPrintKeys(t *testing.T) {
	at := time.Date(2025, 5, 2, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		key  entity.Key
		want string
	}{
		{entity.NewKey("T12"), `{"T12"}`},
		{entity.NewKey("a", 3), `{"a", 3}`},
		{entity.NewKey(int64(-7), "x y"), `{-7, "x y"}`},
		{entity.NewKey(labelID("L1")), `{"L1"}`},
		{entity.NewKey([]byte{0xca, 0xfe}), `{0xcafe}`},
		{entity.NewKey("c", at), `{"c", 2025-05-02T10:00:00Z}`},
		{entity.NewKey(&types.AttributeValueMemberS{Value: "s"}, &types.AttributeValueMemberN{Value: "1.5"}), `{"s", 1.5}`},
		{entity.NewKey(nil), `{nil}`},
		{entity.NewKey("a", nil), `{"a", nil}`},
		{entity.NewKey("a", 1, 2), `{"a", (more than one sort value)}`},
	}
	for _, tt := range tests {
		if got := tt.key.String(); got != tt.want {
			t.Errorf("String() = %s, want %s", got, tt.want)
		}
		if got := fmt.Sprint(tt.key); got != tt.want {
			t.Errorf("fmt.Sprint = %s, want %s", got, tt.want)
		}
	}
	if got := fmt.Sprint([]entity.Key{entity.NewKey("T12")}); got != `[{"T12"}]` {
		t.Errorf("a slice of keys prints %s", got)
	}
}

// The positional form is the form errors give a key with its names, less
// the names: one rendering of values.
func TestKeyStringMatchesTheErrorsRendering(t *testing.T) {
	orders := offlineTable[Order](t)
	for _, id := range []string{"o1", `quo"te`, "ünï", "tab\there"} {
		big := validOrder(id)
		big.Customer = strings.Repeat("c", entity.MaxItemBytes)
		_, err := orders.Put(big).Input()
		var ve *entity.SizeError
		if !errors.As(err, &ve) {
			t.Fatalf("Put of an item over the limit = %v, want an *entity.SizeError", err)
		}
		positional := entity.NewKey(id).String()
		if want := "{orderId=" + strings.TrimPrefix(positional, "{"); ve.Key != want {
			t.Errorf("the error renders the key %s, the Key %s: want %s", ve.Key, positional, want)
		}
	}
}

type causeWithoutKey struct{}

func (causeWithoutKey) Error() string { return "custom reader: bad item" }

// An ItemError names its item's key readably, with or without a cause
// that does, and prints readably as a value.
func TestItemErrorNamesTheKey(t *testing.T) {
	key := map[string]types.AttributeValue{"id": &types.AttributeValueMemberS{Value: "a"}, "n": &types.AttributeValueMemberN{Value: "2"}}
	decode := &entity.DecodeError{Table: "orders", Key: `{id="a", n=2}`, Attribute: "total", Err: errors.New("not a number")}
	tests := []struct {
		name string
		err  entity.ItemError
		want string
	}{
		{"a cause naming the key is the message", entity.ItemError{Table: "orders", Key: key, Err: decode}, decode.Error()},
		{"a cause not naming it is preceded by it", entity.ItemError{Table: "orders", Key: key, Err: causeWithoutKey{}},
			`dynamodel: item {id="a", n=2} in orders: custom reader: bad item`},
		{"no cause", entity.ItemError{Table: "orders", Key: key}, `dynamodel: item {id="a", n=2} in orders could not be read`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %s, want %s", got, tt.want)
			}
			if got := fmt.Sprint([]entity.ItemError{tt.err}); got != "["+tt.want+"]" {
				t.Errorf("a slice prints %s", got)
			}
		})
	}
	if e := (entity.ItemError{Table: "orders", Key: key, Err: decode}); !errors.Is(&e, entity.ErrDecode) {
		t.Error("an ItemError no longer unwraps to its cause")
	}
}
