package iac_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/schema"
	"github.com/dynamodel/dynamodel/schema/iac"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata")

// Order has a global secondary index with three partition and two sort
// attributes, projecting two attributes.
type Order struct {
	entity.Model `ddb:"table=orders,project=ByAssignee:INCLUDE(total,note)"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk"`
	WarehouseID  string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1"`
	AssigneeID   string    `dynamodbav:"assigneeId" ddb:"gsi=ByAssignee:pk2"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3,gsi=ByStatus:pk1"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2,gsi=ByStatus:sk1"`
	Total        float64   `dynamodbav:"total"`
	Note         string    `dynamodbav:"note"`
	ExpiresAt    int64     `dynamodbav:"expiresAt,omitempty" ddb:"ttl"`
}

// Event has a composite key, local secondary indexes and a KEYS_ONLY
// global one.
type Event struct {
	entity.Model `ddb:"table=events.v2,type=Event,project=ByKind:INCLUDE(payload),project=ByUser:KEYS_ONLY"`
	StreamID     string    `dynamodbav:"streamId" ddb:"pk"`
	Seq          int       `dynamodbav:"seq" ddb:"sk"`
	Kind         string    `dynamodbav:"kind" ddb:"lsi=ByKind"`
	At           time.Time `dynamodbav:"at" ddb:"lsi=ByTime"`
	UserID       string    `dynamodbav:"userId,omitempty" ddb:"gsi=ByUser:pk1"`
	Payload      string    `dynamodbav:"payload"`
}

var (
	orderMeta = entity.MustRegister[Order]()
	eventMeta = entity.MustRegister[Event]()
)

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update creates it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func define(t *testing.T, o schema.Settings, table string, metas ...*entity.Meta) *schema.Definition {
	t.Helper()
	d, err := o.Define(table, metas...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestExport(t *testing.T) {
	tests := []struct {
		name string
		defs func(t *testing.T) []*schema.Definition
	}{
		{"on-demand", func(t *testing.T) []*schema.Definition {
			return []*schema.Definition{define(t, schema.Settings{}, "orders", orderMeta)}
		}},
		{"every-setting", func(t *testing.T) []*schema.Definition {
			return []*schema.Definition{
				define(t, schema.Settings{
					Provisioned:        &schema.Capacity{Read: 10, Write: 5},
					IndexCapacity:      map[string]schema.Capacity{"ByAssignee": {Read: 4, Write: 2}},
					TableClass:         types.TableClassStandardInfrequentAccess,
					DeletionProtection: true,
					Stream:             types.StreamViewTypeNewAndOldImages,
					Tags:               map[string]string{"team": "picking", "cost-center": "42", "on": "yes"},
				}, "orders", orderMeta),
				define(t, schema.Settings{MaxOnDemand: &schema.Capacity{Read: 100, Write: 50}}, "events.v2", eventMeta),
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defs := tt.defs(t)
			cfn, err := iac.CloudFormationJSON(defs...)
			if err != nil {
				t.Fatal(err)
			}
			yaml, err := iac.CloudFormationYAML(defs...)
			if err != nil {
				t.Fatal(err)
			}
			tf, err := iac.TerraformJSON(defs...)
			if err != nil {
				t.Fatal(err)
			}
			for _, js := range [][]byte{cfn, tf} {
				if !json.Valid(js) {
					t.Fatalf("invalid JSON:\n%s", js)
				}
			}
			golden(t, tt.name+".cfn.json", cfn)
			golden(t, tt.name+".cfn.yaml", yaml)
			golden(t, tt.name+".tf.json", tf)

			// Deterministic: the same definitions give the same bytes.
			again, _ := iac.TerraformJSON(tt.defs(t)...)
			if string(again) != string(tf) {
				t.Error("Terraform output changed between two runs")
			}
		})
	}
}

// TestCloudFormationKeySchema checks the multi-attribute index as
// CloudFormation reads it: every key attribute in KeySchema, HASH first,
// and AttributeDefinitions holding exactly the key attributes.
func TestCloudFormationKeySchema(t *testing.T) {
	out, err := iac.CloudFormationJSON(define(t, schema.Settings{}, "orders", orderMeta))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Resources map[string]struct {
			Type       string
			Properties struct {
				AttributeDefinitions   []struct{ AttributeName, AttributeType string }
				GlobalSecondaryIndexes []struct {
					IndexName string
					KeySchema []struct{ AttributeName, KeyType string }
				}
			}
		}
	}
	if err := json.Unmarshal(out, &tmpl); err != nil {
		t.Fatal(err)
	}
	r, ok := tmpl.Resources["OrdersTable"]
	if !ok || r.Type != "AWS::DynamoDB::Table" {
		t.Fatalf("resources %+v", tmpl.Resources)
	}
	var names []string
	for _, a := range r.Properties.AttributeDefinitions {
		names = append(names, a.AttributeName)
	}
	want := []string{"assigneeId", "createdAt", "orderId", "priority", "status", "warehouseId"}
	if len(names) != len(want) {
		t.Fatalf("attribute definitions %v, want %v", names, want)
	}
	for i := range want {
		if names[i] != want[i] {
			t.Fatalf("attribute definitions %v, want %v", names, want)
		}
	}
	g := r.Properties.GlobalSecondaryIndexes[0]
	var key []string
	for _, k := range g.KeySchema {
		key = append(key, k.AttributeName+" "+k.KeyType)
	}
	if g.IndexName != "ByAssignee" || len(key) != 5 || key[0] != "warehouseId HASH" || key[2] != "status HASH" || key[3] != "priority RANGE" || key[4] != "createdAt RANGE" {
		t.Errorf("ByAssignee key %v", key)
	}
}

func TestExportRefusals(t *testing.T) {
	a := define(t, schema.Settings{}, "orders-v2", orderMeta)
	b := define(t, schema.Settings{}, "orders.v2", orderMeta)
	c := define(t, schema.Settings{}, "orders_v2", orderMeta)
	cases := []struct {
		name      string
		export    func() ([]byte, error)
		rule      entity.Rule
		op, table string
	}{
		{"no definitions", func() ([]byte, error) { return iac.TerraformJSON() }, entity.RuleInvalidArgument, "iac.TerraformJSON", ""},
		{"nil definition", func() ([]byte, error) { return iac.CloudFormationJSON(a, nil) }, entity.RuleInvalidArgument, "iac.CloudFormationJSON", ""},
		{"CloudFormation name clash", func() ([]byte, error) { return iac.CloudFormationYAML(a, b) }, iac.RuleNameClash, "iac.CloudFormationYAML", "orders.v2"},
		{"Terraform name clash", func() ([]byte, error) { return iac.TerraformJSON(b, c) }, iac.RuleNameClash, "iac.TerraformJSON", "orders_v2"},
	}
	for _, c := range cases {
		out, err := c.export()
		var refused *entity.InputError
		if out != nil || !errors.Is(err, entity.ErrInvalidInput) || !errors.As(err, &refused) ||
			refused.Rule != c.rule || refused.Op != c.op || refused.Table != c.table {
			t.Errorf("%s: err = %v (%+v), want rule %s from %s naming table %q", c.name, err, refused, c.rule, c.op, c.table)
		}
	}
	// Distinct names export.
	if _, err := iac.TerraformJSON(a, b); err != nil {
		t.Errorf("orders-v2 and orders.v2: %v", err)
	}
}
