package entity_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/dynamotest"
	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/keys"
)

// Models for the tag grammar of adoption: untyped= on the Model, and
// timeformat= on key times.

type claimAll struct {
	entity.Model `ddb:"table=t,type=Claim,untyped=all"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
}

type claimPrefix struct {
	entity.Model `ddb:"table=t,type=Claim,untyped=begins_with(sk, ORDER#)"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
}

type claimNone struct {
	entity.Model `ddb:"table=t,type=Claim"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
}

type untypedNoType struct {
	entity.Model `ddb:"table=t,untyped=all"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
}

type untypedBadValue struct {
	entity.Model `ddb:"table=t,type=X,untyped=mine"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
}

type untypedEmptyPrefix struct {
	entity.Model `ddb:"table=t,type=X,untyped=begins_with(pk,)"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
}

type untypedNotKey struct {
	entity.Model `ddb:"table=t,type=X,untyped=begins_with(kind,A)"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	Kind         string `dynamodbav:"kind"`
}

type untypedNumberKey struct {
	entity.Model `ddb:"table=t,type=X,untyped=begins_with(n,1)"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	N            int    `dynamodbav:"n" ddb:"sk"`
}

type untypedTwice struct {
	entity.Model `ddb:"table=t,type=X,untyped=all,untyped=all"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
}

type timeFormatNotKey struct {
	entity.Model `ddb:"table=t"`
	PK           string    `dynamodbav:"pk" ddb:"pk"`
	At           time.Time `dynamodbav:"at" ddb:"timeformat=rfc3339"`
}

type timeFormatNotTime struct {
	entity.Model `ddb:"table=t"`
	PK           string `dynamodbav:"pk" ddb:"pk,timeformat=rfc3339"`
}

type timeFormatUnix struct {
	entity.Model `ddb:"table=t"`
	PK           string    `dynamodbav:"pk" ddb:"pk"`
	At           time.Time `dynamodbav:"at,unixtime" ddb:"gsi=G:pk1,timeformat=rfc3339"`
}

type timeFormatUnknown struct {
	entity.Model `ddb:"table=t"`
	PK           time.Time `dynamodbav:"pk" ddb:"pk,timeformat=iso8601"`
}

type timeFormatTwice struct {
	entity.Model `ddb:"table=t"`
	PK           time.Time `dynamodbav:"pk" ddb:"pk,timeformat=fixed,timeformat=fixed"`
}

func TestAdoptionTagsRefusedAtRegister(t *testing.T) {
	for name, register := range map[string]func(...entity.Option) (*entity.Meta, error){
		"untyped without type=":          entity.Register[untypedNoType],
		"untyped=mine":                   entity.Register[untypedBadValue],
		"begins_with with no prefix":     entity.Register[untypedEmptyPrefix],
		"begins_with on a non-key":       entity.Register[untypedNotKey],
		"begins_with on a number key":    entity.Register[untypedNumberKey],
		"untyped twice":                  entity.Register[untypedTwice],
		"timeformat on a non-key time":   entity.Register[timeFormatNotKey],
		"timeformat on a string":         entity.Register[timeFormatNotTime],
		"timeformat with unixtime":       entity.Register[timeFormatUnix],
		"timeformat=iso8601":             entity.Register[timeFormatUnknown],
		"timeformat twice on one field":  entity.Register[timeFormatTwice],
		"default failing oneof":          entity.Register[defaultFailsOneOf],
		"default failing min":            entity.Register[defaultFailsMin],
		"default failing in an embedded": entity.Register[defaultFailsEmbedded],
		"default with an undefined rule": entity.Register[defaultUndefinedRule],
	} {
		t.Run(name, func(t *testing.T) {
			m, err := register()
			var me *entity.ModelError
			if !errors.As(err, &me) || !errors.Is(err, entity.ErrInvalidModel) {
				t.Fatalf("Register = %v, %v; want a *ModelError matching ErrInvalidModel", m, err)
			}
		})
	}
}

func TestUntypedClaimIsDescribed(t *testing.T) {
	for _, c := range []struct {
		register     func(...entity.Option) (*entity.Meta, error)
		attr, prefix string
		ok           bool
	}{
		{entity.Register[claimAll], "", "", true},
		{entity.Register[claimPrefix], "sk", "ORDER#", true},
		{entity.Register[claimNone], "", "", false},
	} {
		m, err := c.register()
		if err != nil {
			t.Fatal(err)
		}
		if attr, prefix, ok := m.Untyped(); attr != c.attr || prefix != c.prefix || ok != c.ok {
			t.Fatalf("%s: Untyped() = %q, %q, %v; want %q, %q, %v", m.GoType(), attr, prefix, ok, c.attr, c.prefix, c.ok)
		}
	}
}

// Which stored items each model reads as its own.
func TestUntypedItemsAreReadByTheClaimingModel(t *testing.T) {
	typed := func(t string, sk string) map[string]types.AttributeValue {
		item := map[string]types.AttributeValue{"pk": s("p"), "sk": s(sk)}
		if t != "" {
			item[entity.TypeAttribute] = s(t)
		}
		return item
	}
	items := map[string]map[string]types.AttributeValue{
		"typed":           typed("Claim", "ORDER#1"),
		"other type":      typed("Other", "ORDER#1"),
		"untyped order":   typed("", "ORDER#1"),
		"untyped note":    typed("", "NOTE#1"),
		"_t not a string": {"pk": s("p"), "sk": s("ORDER#1"), entity.TypeAttribute: n("1")},
	}
	want := map[string]map[string]bool{ // model → item → read
		"all":    {"typed": true, "untyped order": true, "untyped note": true},
		"prefix": {"typed": true, "untyped order": true},
		"none":   {"typed": true},
	}
	check := func(model string, decode func(map[string]types.AttributeValue) error) {
		for name, item := range items {
			err := decode(item)
			if want[model][name] {
				if err != nil {
					t.Errorf("%s reading %s: %v", model, name, err)
				}
				continue
			}
			var de *entity.DecodeError
			if !errors.Is(err, entity.ErrEntityType) || !errors.As(err, &de) || de.Attribute != entity.TypeAttribute {
				t.Errorf("%s reading %s: %v; want a *DecodeError on %s matching ErrEntityType", model, name, err, entity.TypeAttribute)
			}
		}
	}
	check("all", func(item map[string]types.AttributeValue) error {
		return entity.MustRegister[claimAll]().DecodeItem(item, new(claimAll))
	})
	check("prefix", func(item map[string]types.AttributeValue) error {
		return entity.MustRegister[claimPrefix]().DecodeItem(item, new(claimPrefix))
	})
	check("none", func(item map[string]types.AttributeValue) error {
		return entity.MustRegister[claimNone]().DecodeItem(item, new(claimNone))
	})
}

// A model that owns untyped items still stamps _t on what it writes, so
// its items become self-describing as they are rewritten.
func TestClaimingModelStampsItsWrites(t *testing.T) {
	m := entity.MustRegister[claimAll]()
	item, err := m.EncodeItem(&claimAll{PK: "p", SK: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(item[entity.TypeAttribute], s("Claim")) {
		t.Fatalf("_t = %#v", item[entity.TypeAttribute])
	}
}

// Key times: fixed-width by default, attributevalue's text with
// timeformat=rfc3339.
type keyTimes struct {
	entity.Model `ddb:"table=t"`
	PK           string     `dynamodbav:"pk" ddb:"pk"`
	Fixed        time.Time  `dynamodbav:"fixed" ddb:"gsi=Fixed:pk1"`
	FixedSort    time.Time  `dynamodbav:"fixedSort" ddb:"gsi=Fixed:sk1,timeformat=fixed"`
	FixedPtr     *time.Time `dynamodbav:"fixedPtr,omitempty" ddb:"gsi=Ptr:pk1"`
	Legacy       time.Time  `dynamodbav:"legacy" ddb:"gsi=Legacy:pk1,timeformat=rfc3339"`
	LegacySort   time.Time  `dynamodbav:"legacySort" ddb:"gsi=Legacy:sk1,timeformat=rfc3339"`
	LegacyPtr    *time.Time `dynamodbav:"legacyPtr,omitempty" ddb:"gsi=Ptr:sk1,timeformat=rfc3339"`
	Unix         time.Time  `dynamodbav:"unix,unixtime" ddb:"gsi=Unix:pk1"`
	Plain        time.Time  `dynamodbav:"plain"`
}

func TestKeyTimeFormats(t *testing.T) {
	m, err := entity.Register[keyTimes]()
	if err != nil {
		t.Fatal(err)
	}
	zone := time.FixedZone("x", -5*3600)
	for _, tm := range []time.Time{
		time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC),
		time.Date(2025, 1, 2, 10, 0, 0, 500_000_000, time.UTC),
		time.Date(2025, 1, 2, 10, 0, 0, 123_456_789, zone),
		time.Date(1999, 12, 31, 23, 59, 59, 1, time.UTC),
		{},
	} {
		item := &keyTimes{PK: "p", Fixed: tm, FixedSort: tm, FixedPtr: &tm, Legacy: tm, LegacySort: tm, LegacyPtr: &tm, Unix: tm, Plain: tm}
		got, err := model.Of(m).Marshal(item)
		if err != nil {
			t.Fatal(err)
		}
		// What attributevalue writes for the same struct is the
		// reference for everything but the fixed-width key times.
		want, err := attributevalue.MarshalMap(item)
		if err != nil {
			t.Fatal(err)
		}
		fixed := s(keys.FormatTime(tm))
		want["fixed"], want["fixedSort"], want["fixedPtr"] = fixed, fixed, fixed
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%v: stored\n%#v\nwant\n%#v", tm, got, want)
		}
		var back keyTimes
		if err := model.Of(m).Unmarshal(got, &back); err != nil {
			t.Fatal(err)
		}
		if !back.Legacy.Equal(tm) || !back.LegacyPtr.Equal(tm) || !back.Fixed.Equal(tm) {
			t.Fatalf("%v read back as %v, %v, %v", tm, back.Legacy, *back.LegacyPtr, back.Fixed)
		}
	}
	// Only the RFC 3339 sort keys are warned about.
	var rfcWarnings []string
	for _, w := range m.Warnings() {
		if strings.Contains(w, "timeformat=rfc3339") {
			rfcWarnings = append(rfcWarnings, w)
		}
	}
	slices.Sort(rfcWarnings)
	if len(rfcWarnings) != 2 || !strings.HasPrefix(rfcWarnings[0], "LegacyPtr ") || !strings.HasPrefix(rfcWarnings[1], "LegacySort ") {
		t.Fatalf("warnings = %q; want one for LegacySort and one for LegacyPtr", rfcWarnings)
	}
}

// A projected Get of an item claimed by its key prefix reads the key
// attribute the claim tests, even when the projection leaves it out.
func TestProjectedGetOfAnItemClaimedByPrefix(t *testing.T) {
	ctx := context.Background()
	client := dynamotest.Client(t)
	name := dynamotest.CreateTable(t, client, &dynamodb.CreateTableInput{
		TableName: aws.String("claims"),
		AttributeDefinitions: []types.AttributeDefinition{
			{AttributeName: aws.String("pk"), AttributeType: types.ScalarAttributeTypeS},
			{AttributeName: aws.String("sk"), AttributeType: types.ScalarAttributeTypeS},
		},
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String("pk"), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String("sk"), KeyType: types.KeyTypeRange},
		},
	})
	rawPut(t, client, name, map[string]types.AttributeValue{"pk": s("p"), "sk": s("ORDER#1")})
	tbl, err := entity.NewTable[claimPrefix](client, entity.TableName(name))
	if err != nil {
		t.Fatal(err)
	}
	for _, project := range [][]string{{"pk"}, {"sk"}, {"pk", "sk"}} {
		got, err := tbl.Get(entity.NewKey("p", "ORDER#1")).Project(project...).Run(ctx)
		if err != nil {
			t.Fatalf("Get projecting %v: %v", project, err)
		}
		if want := slices.Contains(project, "pk"); (got.PK == "p") != want {
			t.Fatalf("Get projecting %v = %+v", project, got)
		}
	}
}

// An item without _t refused by a model that claims none says how to claim
// such items, since that is what a table written by other code needs.
func TestUnclaimedUntypedItemNamesTheRemedy(t *testing.T) {
	item := map[string]types.AttributeValue{"pk": s("p"), "sk": s("ORDER#1")}
	err := entity.MustRegister[claimNone]().DecodeItem(item, new(claimNone))
	var de *entity.DecodeError
	if !errors.Is(err, entity.ErrEntityType) || !errors.As(err, &de) {
		t.Fatalf("DecodeItem = %v; want a *DecodeError matching ErrEntityType", err)
	}
	want := "dynamodel: item is of another entity type: want Claim, the item has no entity type" +
		" (to read such items as Claim's, claim them with untyped=all or untyped=begins_with(attr,PREFIX) in its entity.Model tag)"
	if got := de.Err.Error(); got != want {
		t.Fatalf("cause = %q\nwant    %q", got, want)
	}
}
