package entity_test

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
)

// upgraded is at version 3: step 1→2 renames "n" to "name" and changes a
// nested value in place; version 3 adds "tier" with a default; there is no
// step 2→3.
type upgraded struct {
	entity.Model `ddb:"table=t,version=3"`
	ID           string            `dynamodbav:"id" ddb:"pk"`
	Name         string            `dynamodbav:"name"`
	Tier         string            `dynamodbav:"tier" ddb:"default=basic"`
	Props        map[string]string `dynamodbav:"props"`
}

var upgradedMeta = entity.MustRegister[upgraded](entity.WithUpgrade(1, func(item map[string]types.AttributeValue) error {
	if n, ok := item["n"]; ok {
		item["name"] = n
		delete(item, "n")
	}
	if p, ok := item["props"].(*types.AttributeValueMemberM); ok {
		p.Value["seen"] = &types.AttributeValueMemberS{Value: "yes"} // in place
	}
	return nil
}))

func TestUpgradeItemIsWhatAReadSees(t *testing.T) {
	str := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	num := func(v string) types.AttributeValue { return &types.AttributeValueMemberN{Value: v} }
	props := func(kv ...string) types.AttributeValue {
		m := map[string]types.AttributeValue{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = str(kv[i+1])
		}
		return &types.AttributeValueMemberM{Value: m}
	}
	tests := []struct {
		name   string
		raw    map[string]types.AttributeValue
		want   map[string]types.AttributeValue
		stored int
		is     error
	}{
		{"no _v is version 1",
			map[string]types.AttributeValue{"id": str("a"), "n": str("Ann"), "props": props("k", "v"), "other": str("kept")},
			map[string]types.AttributeValue{"id": str("a"), "name": str("Ann"), "props": props("k", "v", "seen", "yes"), "other": str("kept"), "tier": str("basic"), "_v": num("3")},
			1, nil},
		{"an attribute stored under another case is not defaulted",
			map[string]types.AttributeValue{"id": str("a"), "n": str("Ann"), "Tier": str("gold")},
			map[string]types.AttributeValue{"id": str("a"), "name": str("Ann"), "Tier": str("gold"), "_v": num("3")},
			1, nil},
		{"version 2 skips step 1",
			map[string]types.AttributeValue{"id": str("a"), "n": str("Ann"), "tier": str("gold"), "_v": num("2")},
			map[string]types.AttributeValue{"id": str("a"), "n": str("Ann"), "tier": str("gold"), "_v": num("3")},
			2, nil},
		{"current is returned as is",
			map[string]types.AttributeValue{"id": str("a"), "_v": num("3")},
			map[string]types.AttributeValue{"id": str("a"), "_v": num("3")},
			3, nil},
		{"newer than the model", map[string]types.AttributeValue{"id": str("a"), "_v": num("4")}, nil, 4, entity.ErrUnknownVersion},
		{"not a version", map[string]types.AttributeValue{"id": str("a"), "_v": str("x")}, nil, 0, entity.ErrDecode},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := map[string]types.AttributeValue{}
			for k, v := range tt.raw {
				before[k] = v
			}
			beforeProps := ""
			if p, ok := tt.raw["props"].(*types.AttributeValueMemberM); ok {
				beforeProps = p.Value["k"].(*types.AttributeValueMemberS).Value
				if len(p.Value) != 1 {
					t.Fatal("test setup")
				}
			}
			got, stored, err := upgradedMeta.UpgradeItem("t", tt.raw)
			if stored != tt.stored {
				t.Errorf("stored version %d, want %d", stored, tt.stored)
			}
			if tt.is != nil {
				var de *entity.DecodeError
				if !errors.Is(err, tt.is) || !errors.As(err, &de) || de.Table != "t" || de.Attribute != "_v" || de.Key != `{id="a"}` {
					t.Fatalf("error %v, want a *DecodeError on _v matching %v", err, tt.is)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("UpgradeItem = %v, %v; want %v", got, err, tt.want)
			}
			if !reflect.DeepEqual(tt.raw, before) {
				t.Fatalf("the stored item was changed: %v", tt.raw)
			}
			if p, ok := tt.raw["props"].(*types.AttributeValueMemberM); ok && (len(p.Value) != 1 || p.Value["k"].(*types.AttributeValueMemberS).Value != beforeProps) {
				t.Fatalf("a step changing a nested value in place reached the stored item: %v", p.Value)
			}
			// What a read decodes is what the upgraded item decodes.
			var fromRead, fromUpgrade upgraded
			if err := upgradedMeta.DecodeItem(tt.raw, &fromRead); err != nil {
				t.Fatal(err)
			}
			if p, ok := tt.raw["props"].(*types.AttributeValueMemberM); ok && len(p.Value) != 1 {
				t.Fatalf("a read ran a step that reached the stored item: %v", p.Value)
			}
			if err := upgradedMeta.DecodeItem(got, &fromUpgrade); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fromRead, fromUpgrade) {
				t.Fatalf("read %+v, upgraded %+v", fromRead, fromUpgrade)
			}
		})
	}
}

func TestUpgradeErrorNamesBothVersions(t *testing.T) {
	err := error(&entity.UpgradeError{Table: "t", Key: `{id="a"}`, Stored: 4, Model: 3, Err: &entity.DecodeError{Table: "t", Attribute: "_v", Err: entity.ErrUnknownVersion}})
	if !errors.Is(err, entity.ErrUnknownVersion) || !errors.Is(err, entity.ErrDecode) {
		t.Fatalf("%v does not match its cause", err)
	}
	const want = `dynamodel: t {id="a"}: the item is stored at schema version 4 and the model is at version 3; cannot upgrade it: dynamodel: decoding item from t, attribute _v: dynamodel: unknown schema version`
	if err.Error() != want {
		t.Fatalf("message\n%s\nwant\n%s", err, want)
	}
}

// SupportTicket is at version 2: version 1 stored the assignee as "owner", and
// version 2 added a customer tier with a default.
type SupportTicket struct {
	entity.Model `ddb:"table=tickets,version=2"`
	ID           string `dynamodbav:"id" ddb:"pk"`
	Assignee     string `dynamodbav:"assignee"`
	Tier         string `dynamodbav:"tier" ddb:"default=standard"`
}

// UpgradeItem shows a stored item as the current version stores it: what
// every read decodes, and what an update writes back before applying
// itself to an older item.
func ExampleMeta_UpgradeItem() {
	meta := entity.MustRegister[SupportTicket](entity.WithUpgrade(1, func(item map[string]types.AttributeValue) error {
		item["assignee"] = item["owner"]
		delete(item, "owner")
		return nil
	}))
	stored := map[string]types.AttributeValue{ // written by version 1, without "_v"
		"id":    &types.AttributeValueMemberS{Value: "t-1"},
		"owner": &types.AttributeValueMemberS{Value: "ana"},
	}
	item, from, err := meta.UpgradeItem("tickets", stored)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("stored at version", from)
	names := make([]string, 0, len(item))
	for name := range item {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Printf("%s %s\n", name, show(item[name]))
	}

	_, _, err = meta.UpgradeItem("tickets", map[string]types.AttributeValue{
		"id": &types.AttributeValueMemberS{Value: "t-2"}, "_v": &types.AttributeValueMemberN{Value: "3"},
	})
	fmt.Println(errors.Is(err, entity.ErrUnknownVersion))
	// Output:
	// stored at version 1
	// _v N:2
	// assignee S:ana
	// id S:t-1
	// tier S:standard
	// true
}
