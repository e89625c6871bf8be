package entity_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
)

// OrderLine lives in a single table with overloaded keys: PK and SK are
// templates over fields that are not stored on their own.
type OrderLine struct {
	entity.Model `ddb:"table=single,type=Line"`
	PK           string    `dynamodbav:"PK" ddb:"pk,template=ORDER#{OrderID}"`
	SK           string    `dynamodbav:"SK" ddb:"sk,template=LINE#{Line}"`
	OrderID      string    `dynamodbav:"-"`
	Line         int       `dynamodbav:"-"`
	SKU          string    `dynamodbav:"sku"`
	GSI1PK       string    `dynamodbav:"GSI1PK" ddb:"gsi=GSI1:pk1,template=SKU#{SKU}#DAY#{Day}"`
	Day          time.Time `dynamodbav:"day"`
}

func TestTemplatesAreComputedAndParsedBack(t *testing.T) {
	meta, err := entity.Register[OrderLine]()
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)
	in := &OrderLine{OrderID: "o-7", Line: 3, SKU: "AB-1", Day: day, PK: "stale", SK: "stale"}
	item, err := model.Of(meta).EncodeItem("single", in)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"PK": "ORDER#o-7", "SK": "LINE#3", "GSI1PK": "SKU#AB-1#DAY#2025-02-03T00:00:00.000000000Z"}
	for attr, v := range want {
		if got := item[attr].(*types.AttributeValueMemberS).Value; got != v {
			t.Errorf("%s = %q, want %q", attr, got, v)
		}
	}
	if _, stored := item["OrderID"]; stored {
		t.Error("a component excluded with dynamodbav:\"-\" was stored")
	}

	var out OrderLine
	if err := model.Of(meta).DecodeItem("single", item, &out, nil); err != nil {
		t.Fatal(err)
	}
	if out.OrderID != "o-7" || out.Line != 3 || out.PK != "ORDER#o-7" || !out.Day.Equal(day) {
		t.Fatalf("decoded = %+v", out)
	}

	key, err := meta.RenderTemplate("PK", map[string]any{"OrderID": "o-7"})
	if err != nil || key != "ORDER#o-7" {
		t.Fatalf("RenderTemplate = %q, %v", key, err)
	}
	if _, err := meta.RenderTemplate("PK", map[string]any{}); !errs.HasRule(err, entity.RuleTemplate) {
		t.Fatalf("missing component: %v", err)
	}
}

func TestTemplateComponentsAreChecked(t *testing.T) {
	meta := entity.MustRegister[OrderLine]()
	tests := map[string]*OrderLine{
		"empty component":          {OrderID: "", Line: 1, SKU: "A", Day: time.Now()},
		"separator inside a value": {OrderID: "o", Line: 1, SKU: "A#DAY#B", Day: time.Now()},
	}
	for name, in := range tests {
		if _, err := model.Of(meta).EncodeItem("single", in); !errs.HasRule(err, entity.RuleTemplate) {
			t.Errorf("%s: error = %v, want RuleTemplate", name, err)
		}
	}
	var out OrderLine
	bad := map[string]types.AttributeValue{"PK": &types.AttributeValueMemberS{Value: "CUSTOMER#1"}, "SK": &types.AttributeValueMemberS{Value: "LINE#x"}, "_t": &types.AttributeValueMemberS{Value: "Line"}}
	if err := model.Of(meta).DecodeItem("single", bad, &out, nil); !errors.Is(err, model.ErrTemplate) || !errors.Is(err, entity.ErrDecode) {
		t.Fatalf("a stored key that does not fit its template: %v", err)
	}
}

type (
	templateOnInt struct {
		ID    int `ddb:"pk,template=X#{Other}"`
		Other string
	}
	templateUnknownField struct {
		ID string `ddb:"pk,template=X#{Nope}"`
	}
	templateNoSeparator struct {
		ID string `ddb:"pk,template=X#{A}{B}"`
		A  string
		B  string
	}
	templateBadField struct {
		ID string `ddb:"pk,template=X#{M}"`
		M  map[string]string
	}
	templateUnbalanced struct {
		ID string `ddb:"pk,template=X#{A"`
		A  string
	}
)

func TestTemplateRegistrationErrors(t *testing.T) {
	for name, reg := range map[string]func(...entity.Option) (*entity.Meta, error){
		"template on a number": entity.Register[templateOnInt],
		"unknown field":        entity.Register[templateUnknownField],
		"no separator":         entity.Register[templateNoSeparator],
		"map component":        entity.Register[templateBadField],
		"unbalanced braces":    entity.Register[templateUnbalanced],
	} {
		if _, err := reg(); !errors.Is(err, entity.ErrInvalidModel) {
			t.Errorf("%s: error = %v, want ErrInvalidModel", name, err)
		}
	}
}

func TestTemplatedItemRoundTripsThroughDynamoDB(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.CreateTable(t, client, &dynamodb.CreateTableInput{
		TableName: aws.String("single"),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("PK"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("SK"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("PK"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("SK"), KeyType: types.KeyTypeRange},
		},
	})
	lines, err := entity.NewTable[OrderLine](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	in := &OrderLine{OrderID: "o-9", Line: 12, SKU: "Z", Day: time.Date(2025, 5, 5, 0, 0, 0, 0, time.UTC)}
	if err := lines.Put(in).Run(ctx); err != nil {
		t.Fatal(err)
	}
	got, err := lines.Get(entity.NewKey("ORDER#o-9", "LINE#12")).Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in.PK, in.SK, in.GSI1PK = "ORDER#o-9", "LINE#12", "SKU#Z#DAY#2025-05-05T00:00:00.000000000Z"
	if !reflect.DeepEqual(got, in) {
		t.Fatalf("Get = %+v\nwant  %+v", got, in)
	}
	if !strings.HasPrefix(got.GSI1PK, "SKU#Z#DAY#") {
		t.Fatalf("GSI1PK = %q", got.GSI1PK)
	}
}

func TestTemplateString(t *testing.T) {
	meta, err := entity.Register[OrderLine]()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tp := range model.Of(meta).Templates() {
		got = append(got, tp.Attribute+"="+tp.String())
	}
	want := "PK=ORDER#{OrderID} SK=LINE#{Line} GSI1PK=SKU#{SKU}#DAY#{Day}"
	if strings.Join(got, " ") != want {
		t.Fatalf("templates %q, want %q", strings.Join(got, " "), want)
	}
}
