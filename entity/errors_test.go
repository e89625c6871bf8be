package entity_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/cond"
	"github.com/dynamodel/dynamodel/entity"
)

type note struct {
	entity.Model `ddb:"table=notes"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Body         string `dynamodbav:"body"`
}

type guarded struct {
	entity.Model `ddb:"table=guarded"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Email        string `dynamodbav:"email" ddb:"unique"`
}

// Every refusal made before a request is sent matches ErrInvalidInput and
// names its rule; an item read from DynamoDB that breaks its rules is a
// validation failure, not an input refusal.
func TestRefusalsAreInvalidInput(t *testing.T) {
	// No request is sent by anything below.
	client := dynamodb.New(dynamodb.Options{})
	shipments, err := entity.NewTable[Shipment](client)
	if err != nil {
		t.Fatal(err)
	}
	guards, err := entity.NewTable[guarded](client)
	if err != nil {
		t.Fatal(err)
	}
	valid := &Shipment{ID: "s-1", Carrier: "acme", Region: "eu", Weight: 1}
	_, errNilClient := entity.NewTable[Shipment](nil)
	_, errKey := shipments.Get(entity.NewKey(7)).Input()
	_, errSortKey := shipments.Get(entity.NewKey("s-1", "extra")).Input()
	_, errPath := shipments.Delete(entity.NewKey("s-1")).If(cond.Name("wieght").Gt(1)).Input()
	_, errProject := shipments.Get(entity.NewKey("s-1")).Project("wieght").Input()
	_, errVersion := shipments.Delete(entity.NewKey("s-1")).IfVersion(3).Input()
	_, errNilItem := shipments.Put(nil).Input()
	errUnique := guards.Put(&guarded{ID: "g", Email: "a@b"}).Run(context.Background())
	var noTable *entity.Table[Shipment]
	_, errNilTable := noTable.Get(entity.NewKey("s-1")).Input()
	errZeroTable := new(entity.Table[Shipment]).Put(valid).Run(context.Background())
	_, errModelOption := entity.NewTable[Shipment](client, entity.WithUpgrade(1, func(map[string]types.AttributeValue) error { return nil }))
	_, errTemplate := entity.MustRegister[OrderLine]().RenderTemplate("PK", map[string]any{})
	tests := []struct {
		name string
		err  error
		rule entity.Rule
	}{
		{"NewTable with a nil client", errNilClient, entity.RuleInvalidArgument},
		{"a builder of a nil table", errNilTable, entity.RuleInvalidArgument},
		{"a builder of a zero table", errZeroTable, entity.RuleInvalidArgument},
		{"NewTable with an option of Register", errModelOption, entity.RuleInvalidArgument},
		{"a key of the wrong type", errKey, entity.RuleInvalidKey},
		{"a sort value for a table without one", errSortKey, entity.RuleInvalidKey},
		{"an unknown name in a condition", errPath, entity.RuleUnknownPath},
		{"an unknown name in a projection", errProject, entity.RuleUnknownPath},
		{"IfVersion without a lock field", errVersion, entity.RuleInvalidArgument},
		{"a nil item", errNilItem, entity.RuleInvalidArgument},
		{"Put of an entity with unique constraints", errUnique, entity.RuleUnique},
		{"a template without its components", errTemplate, entity.RuleTemplate},
	}
	for _, tt := range tests {
		var ie *entity.InputError
		if !errors.Is(tt.err, entity.ErrInvalidInput) || !errors.As(tt.err, &ie) || ie.Rule != tt.rule {
			t.Errorf("%s: err = %v, want an *InputError of rule %s", tt.name, tt.err, tt.rule)
		}
	}
	if !errors.Is(errVersion, entity.ErrInvalidModel) {
		t.Errorf("IfVersion without a lock field no longer names the model: %v", errVersion)
	}

	// An invalid item to be written: a validation failure and an input.
	_, err = shipments.Put(&Shipment{ID: "s-1", Carrier: "acme"}).Input()
	var ve *entity.ValidationError
	if !errors.Is(err, entity.ErrValidation) || !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &ve) || ve.Read {
		t.Errorf("invalid item for Put: %v", err)
	}
	// An item over the size limit: too large, and an input.
	notes, err := entity.NewTable[note](client)
	if err != nil {
		t.Fatal(err)
	}
	_, err = notes.Put(&note{ID: "n", Body: strings.Repeat("x", entity.MaxItemBytes)}).Input()
	var se *entity.SizeError
	if !errors.Is(err, entity.ErrItemTooLarge) || !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &se) {
		t.Errorf("oversized item: %v", err)
	}
	// An invalid item read back: a validation failure, not an input.
	stored, err := shipments.Meta().EncodeItem(valid)
	if err != nil {
		t.Fatal(err)
	}
	stored["weight"] = &types.AttributeValueMemberN{Value: "0"}
	var out Shipment
	err = shipments.Meta().DecodeItem(stored, &out)
	if !errors.Is(err, entity.ErrValidation) || errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &ve) || !ve.Read {
		t.Errorf("invalid stored item: %v", err)
	}
}

// EncodeItem and DecodeItem convert a whole item as Put stores it and Get
// reads it: metadata added, then checked and upgraded on the way back.
func TestMetaEncodeDecodeItemRoundTrip(t *testing.T) {
	meta := entity.MustRegister[Shipment]()
	in := &Shipment{ID: "s-1", Carrier: "acme", Region: "eu", Weight: 2.5}
	item, err := meta.EncodeItem(in)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := item[entity.VersionAttribute].(*types.AttributeValueMemberN); !ok || v.Value != "1" {
		t.Errorf("EncodeItem wrote no schema version: %v", item)
	}
	var out Shipment
	if err := meta.DecodeItem(item, &out); err != nil || out != *in {
		t.Errorf("DecodeItem = %+v, %v; want %+v", out, err, *in)
	}
	if err := meta.DecodeItem(item, &struct{}{}); !errors.Is(err, entity.ErrInvalidInput) {
		t.Errorf("DecodeItem into another type: %v", err)
	}
}

// Every single-item builder asks for the consumed capacity the same way.
func TestConsumedCapacityOnEveryBuilder(t *testing.T) {
	shipments, err := entity.NewTable[Shipment](dynamodb.New(dynamodb.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	var cc types.ConsumedCapacity
	get, err := shipments.Get(entity.NewKey("s-1")).ConsumedCapacity(&cc).Input()
	if err != nil || get.ReturnConsumedCapacity != types.ReturnConsumedCapacityTotal {
		t.Errorf("Get.Input: %v, %v", get, err)
	}
	put, err := shipments.Put(&Shipment{ID: "s-1", Carrier: "acme", Region: "eu", Weight: 1}).ConsumedCapacity(&cc).Input()
	if err != nil || put.ReturnConsumedCapacity != types.ReturnConsumedCapacityTotal {
		t.Errorf("Put.Input: %v, %v", put, err)
	}
	del, err := shipments.Delete(entity.NewKey("s-1")).ConsumedCapacity(&cc).Input()
	if err != nil || del.ReturnConsumedCapacity != types.ReturnConsumedCapacityTotal {
		t.Errorf("Delete.Input: %v, %v", del, err)
	}
}
