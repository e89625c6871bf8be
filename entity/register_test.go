package entity_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/dynamodel/dynamodel/entity"
	"github.com/dynamodel/dynamodel/internal/errs"
	"github.com/dynamodel/dynamodel/internal/model"
	"github.com/dynamodel/dynamodel/keys"
)

// Each bad model is its own type: registration is per Go type.
type (
	noPK struct {
		Name string `dynamodbav:"name"`
	}
	twoPK struct {
		A string `ddb:"pk"`
		B string `ddb:"pk"`
	}
	twoSK struct {
		A string `ddb:"pk"`
		B string `ddb:"sk"`
		C string `ddb:"sk"`
	}
	unknownOption struct {
		A string `ddb:"pk,primary"`
	}
	unknownAVOption struct {
		A string `dynamodbav:"a,omitempty,bogus" ddb:"pk"`
	}
	boolKey struct {
		A string `ddb:"pk"`
		B bool   `ddb:"gsi=G:pk1"`
	}
	mapKey struct {
		A map[string]string `ddb:"pk"`
	}
	gapPositions struct {
		A string `ddb:"pk"`
		B string `ddb:"gsi=G:pk1"`
		C string `ddb:"gsi=G:sk2"`
	}
	gapPartition struct {
		A string `ddb:"pk"`
		B string `ddb:"gsi=G:pk2"`
	}
	duplicatePosition struct {
		A string `ddb:"pk"`
		B string `ddb:"gsi=G:pk1"`
		C string `ddb:"gsi=G:pk1"`
	}
	badPosition struct {
		A string `ddb:"pk"`
		B string `ddb:"gsi=G:pk5"`
	}
	badPositionName struct {
		A string `ddb:"pk"`
		B string `ddb:"gsi=G:hash1"`
	}
	unexportedTagged struct {
		A string `ddb:"pk"`
		b string `ddb:"gsi=G:pk1"` // unexported on purpose: registration must refuse it
	}
	skippedTagged struct {
		A string `ddb:"pk"`
		B string `dynamodbav:"-" ddb:"gsi=G:pk1"`
	}
	pointerPK struct {
		A *string `ddb:"pk"`
	}
	omitemptyPK struct {
		A string `dynamodbav:"a,omitempty" ddb:"pk"`
	}
	pointerGSIWithoutOmitempty struct {
		A string  `ddb:"pk"`
		B *string `ddb:"gsi=G:pk1"`
	}
	stringLock struct {
		A string `ddb:"pk"`
		V string `ddb:"lock"`
	}
	twoLocks struct {
		A string `ddb:"pk"`
		V int    `ddb:"lock"`
		W int    `ddb:"lock"`
	}
	rfcTTL struct {
		A string    `ddb:"pk"`
		T time.Time `ddb:"ttl"`
	}
	reservedName struct {
		A string `ddb:"pk"`
		V int    `dynamodbav:"_v"`
	}
	badVersion struct {
		entity.Model `ddb:"table=t,version=0"`
		A            string `ddb:"pk"`
	}
	unknownTableOption struct {
		entity.Model `ddb:"table=t,shards=4"`
		A            string `ddb:"pk"`
	}
	projectionForUnknownIndex struct {
		entity.Model `ddb:"table=t,project=Nope:KEYS_ONLY"`
		A            string `ddb:"pk"`
	}
	badProjection struct {
		entity.Model `ddb:"table=t,project=G:SOME"`
		A            string `ddb:"pk"`
		B            string `ddb:"gsi=G:pk1"`
	}
	namedModel struct {
		M entity.Model `ddb:"table=t"`
		A string       `ddb:"pk"`
	}
	lsiWithoutSort struct {
		A string `ddb:"pk"`
		B string `ddb:"lsi=L"`
	}
	lsiOnSortKey struct {
		A string `ddb:"pk"`
		B string `ddb:"sk,lsi=L"`
	}
	globalAndLocal struct {
		A string `ddb:"pk"`
		S string `ddb:"sk"`
		B string `ddb:"gsi=X:pk1"`
		C string `ddb:"lsi=X"`
	}
	fiveSortAttributes struct {
		A  string `ddb:"pk"`
		P  string `ddb:"gsi=G:pk1"`
		S1 string `ddb:"gsi=G:sk1"`
		S2 string `ddb:"gsi=G:sk2"`
		S3 string `ddb:"gsi=G:sk3"`
		S4 string `ddb:"gsi=G:sk4"`
		S5 string `ddb:"gsi=G:sk4"`
	}
	defaultWithOmitempty struct {
		A string `ddb:"pk"`
		B string `dynamodbav:"b,omitempty" ddb:"default=x"`
	}
	defaultBadNumber struct {
		A string `ddb:"pk"`
		B int    `ddb:"default=many"`
	}
	foldWithoutUnique struct {
		A string `ddb:"pk"`
		B string `ddb:"fold"`
	}
	unbalancedTag struct {
		entity.Model `ddb:"table=t,project=G:INCLUDE(a,b"`
		A            string `ddb:"pk"`
		B            string `ddb:"gsi=G:pk1"`
	}
	markerValueOption struct {
		A string `ddb:"pk=yes"`
	}
	customMarshalerKey struct {
		A upperKey `ddb:"pk"`
	}
	sinceAfterVersion struct {
		entity.Model `ddb:"table=t,version=2"`
		A            string `ddb:"pk"`
		B            string `ddb:"since=3"`
	}
	sinceFirstVersion struct {
		entity.Model `ddb:"table=t,version=2"`
		A            string `ddb:"pk"`
		B            string `ddb:"since=1"`
	}
	sinceNotANumber struct {
		entity.Model `ddb:"table=t,version=2"`
		A            string `ddb:"pk"`
		B            string `ddb:"since=two"`
	}
	sinceOnPrimaryKey struct {
		entity.Model `ddb:"table=t,version=2"`
		A            string `ddb:"pk,since=2"`
	}
)

type upperKey string

func (u upperKey) MarshalDynamoDBAttributeValue() (types.AttributeValue, error) {
	return &types.AttributeValueMemberS{Value: strings.ToUpper(string(u))}, nil
}

func TestRegisterRefusesInvalidModels(t *testing.T) {
	tests := []struct {
		name     string
		register func(...entity.Option) (*entity.Meta, error)
		field    string // expected ModelError.Field ("" to skip the check)
		contains string
	}{
		{"no partition key", entity.Register[noPK], "", "no partition key"},
		{"two partition keys", entity.Register[twoPK], "B", "two partition keys"},
		{"two sort keys", entity.Register[twoSK], "C", "two sort keys"},
		{"unknown ddb option", entity.Register[unknownOption], "A", "unknown option"},
		{"unknown dynamodbav option", entity.Register[unknownAVOption], "A", "unknown dynamodbav option"},
		{"bool index key", entity.Register[boolKey], "B", "S, N or B"},
		{"map primary key", entity.Register[mapKey], "A", "S, N or B"},
		{"gap in sort positions", entity.Register[gapPositions], "", "sk1 is missing"},
		{"gap in partition positions", entity.Register[gapPartition], "", "pk1 is missing"},
		{"duplicate position", entity.Register[duplicatePosition], "C", "taken twice"},
		{"position out of range", entity.Register[badPosition], "B", "pk1…pk4"},
		{"bad position name", entity.Register[badPositionName], "B", "pk1…pk4"},
		{"unexported tagged field", entity.Register[unexportedTagged], "b", "unexported"},
		{"tagged field excluded from encoding", entity.Register[skippedTagged], "B", "excluded"},
		{"pointer primary key", entity.Register[pointerPK], "A", "pointer or omitempty"},
		{"omitempty primary key", entity.Register[omitemptyPK], "A", "pointer or omitempty"},
		{"pointer index key without omitempty", entity.Register[pointerGSIWithoutOmitempty], "B", "NULL"},
		{"string lock version", entity.Register[stringLock], "V", "integer"},
		{"two lock versions", entity.Register[twoLocks], "W", "two lock"},
		{"TTL stored as a string", entity.Register[rfcTTL], "T", "unixtime"},
		{"reserved attribute name", entity.Register[reservedName], "V", "reserved"},
		{"version 0", entity.Register[badVersion], "Model", "version"},
		{"unknown table option", entity.Register[unknownTableOption], "Model", "unknown option"},
		{"projection for an undeclared index", entity.Register[projectionForUnknownIndex], "", "no field declares"},
		{"unknown projection", entity.Register[badProjection], "Model", "projection must be"},
		{"named (not embedded) Model", entity.Register[namedModel], "M", "embedded"},
		{"LSI on a table without sort key", entity.Register[lsiWithoutSort], "", "sort key"},
		{"LSI sorted by the table's sort key", entity.Register[lsiOnSortKey], "B", "table's sort key"},
		{"index both global and local", entity.Register[globalAndLocal], "", "both as global and as local"},
		{"position reused past four", entity.Register[fiveSortAttributes], "S5", "taken twice"},
		{"default with omitempty", entity.Register[defaultWithOmitempty], "B", "omitempty"},
		{"default that is not a number", entity.Register[defaultBadNumber], "B", "default"},
		{"fold without unique", entity.Register[foldWithoutUnique], "B", "fold"},
		{"unbalanced parentheses", entity.Register[unbalancedTag], "Model", "unbalanced"},
		{"value on a flag option", entity.Register[markerValueOption], "A", "takes no value"},
		{"custom marshaler key", entity.Register[customMarshalerKey], "A", "custom marshaler"},
		{"since after the model's version", entity.Register[sinceAfterVersion], "B", "version 2"},
		{"since the first version", entity.Register[sinceFirstVersion], "B", "since=N"},
		{"since not a number", entity.Register[sinceNotANumber], "B", "since=N"},
		{"since on a primary key", entity.Register[sinceOnPrimaryKey], "A", "primary key"},
		{"not a struct", entity.Register[string], "", "must be a struct"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meta, err := tt.register()
			if err == nil {
				t.Fatalf("Register succeeded with %v, want an error", meta)
			}
			if !errors.Is(err, entity.ErrInvalidModel) {
				t.Fatalf("error %v does not match ErrInvalidModel", err)
			}
			var me *entity.ModelError
			if !errors.As(err, &me) {
				t.Fatalf("error %T is not a *ModelError", err)
			}
			if tt.field != "" && me.Field != tt.field {
				t.Errorf("ModelError.Field = %q, want %q (%v)", me.Field, tt.field, err)
			}
			if !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q does not mention %q", err, tt.contains)
			}
		})
	}
}

func TestMustRegisterPanicsOnInvalidModel(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("MustRegister did not panic")
		}
	}()
	entity.MustRegister[noPK]()
}

// Ticket exercises every role the tag grammar has.
type Ticket struct {
	entity.Model `ddb:"table=tickets,type=Ticket,version=3,project=ByAssignee:INCLUDE(title,priority),project=Urgent:KEYS_ONLY"`
	Tenant       string    `dynamodbav:"tenant" ddb:"pk"`
	TicketID     string    `dynamodbav:"ticketId" ddb:"sk"`
	Assignee     string    `dynamodbav:"assignee,omitempty" ddb:"gsi=ByAssignee:pk2"`
	Queue        string    `dynamodbav:"queue" ddb:"gsi=ByAssignee:pk1,gsi=Urgent:pk1"`
	Urgent       *int      `dynamodbav:"urgent,omitempty" ddb:"gsi=Urgent:sk1,since=3"`
	Opened       time.Time `dynamodbav:"opened" ddb:"gsi=ByAssignee:sk1,lsi=ByOpened"`
	Title        string    `dynamodbav:"title"`
	Priority     int       `dynamodbav:"priority"`
	Tier         string    `dynamodbav:"tier" ddb:"default=free"`
	Email        string    `dynamodbav:"email" ddb:"unique,fold"`
	Version      int64     `dynamodbav:"ver" ddb:"lock"`
	Expires      int64     `dynamodbav:"expires,omitempty" ddb:"ttl"`
}

func TestRegisterBuildsTheModel(t *testing.T) {
	m, err := entity.Register[Ticket]()
	if err != nil {
		t.Fatal(err)
	}
	if m.Table() != "tickets" || m.TypeName() != "Ticket" || !model.Of(m).StampsType() || m.Version() != 3 {
		t.Fatalf("table options = %s %s %v %d", m.Table(), m.TypeName(), model.Of(m).StampsType(), m.Version())
	}
	S, N := types.ScalarAttributeTypeS, types.ScalarAttributeTypeN
	wantPrimary := keys.Schema{Kind: keys.Primary, Partition: []keys.Attribute{{Name: "tenant", Type: S}}, Sort: []keys.Attribute{{Name: "ticketId", Type: S}}}
	if !reflect.DeepEqual(m.PrimaryKey(), wantPrimary) {
		t.Fatalf("primary = %+v", m.PrimaryKey())
	}
	indexes := map[string]entity.Index{}
	for _, ix := range m.Indexes() {
		indexes[ix.Name] = ix
	}
	attrs := map[string]entity.Attribute{}
	for _, a := range m.Attributes() {
		attrs[a.Name] = a
	}
	byAssignee, ok := indexes["ByAssignee"]
	if !ok {
		t.Fatal("no ByAssignee index")
	}
	wantGSI := keys.Schema{Kind: keys.Global, Index: "ByAssignee",
		Partition: []keys.Attribute{{Name: "queue", Type: S}, {Name: "assignee", Type: S}},
		Sort:      []keys.Attribute{{Name: "opened", Type: S}}}
	if !reflect.DeepEqual(byAssignee.Schema, wantGSI) {
		t.Fatalf("ByAssignee = %+v", byAssignee.Schema)
	}
	if byAssignee.Projection.ProjectionType != types.ProjectionTypeInclude || !reflect.DeepEqual(byAssignee.Projection.NonKeyAttributes, []string{"title", "priority"}) {
		t.Fatalf("ByAssignee projection = %+v", byAssignee.Projection)
	}
	urgent := indexes["Urgent"]
	if urgent.Projection.ProjectionType != types.ProjectionTypeKeysOnly || urgent.Schema.Sort[0] != (keys.Attribute{Name: "urgent", Type: N}) {
		t.Fatalf("Urgent = %+v", urgent)
	}
	lsi, ok := indexes["ByOpened"]
	if !ok || lsi.Schema.Kind != keys.Local || lsi.Schema.Partition[0].Name != "tenant" || lsi.Schema.Sort[0].Name != "opened" {
		t.Fatalf("ByOpened = %+v", lsi)
	}
	// Roles are fields of the attributes that have them, and of no other.
	var lock, ttl, unique []string
	for _, a := range m.Attributes() {
		if a.Lock {
			lock = append(lock, a.Name)
		}
		if a.TTL {
			ttl = append(ttl, a.Name)
		}
		if a.Unique != "" {
			unique = append(unique, a.Name)
		}
	}
	if !reflect.DeepEqual(lock, []string{"ver"}) {
		t.Fatalf("lock = %v", lock)
	}
	if !reflect.DeepEqual(ttl, []string{"expires"}) {
		t.Fatalf("ttl = %v", ttl)
	}
	if a := attrs["email"]; !reflect.DeepEqual(unique, []string{"email"}) || a.Unique != "email" || !a.Fold {
		t.Fatalf("unique attributes = %v, email = %+v", unique, a)
	}
	if a := attrs["tier"]; !reflect.DeepEqual(a.Default, &types.AttributeValueMemberS{Value: "free"}) {
		t.Fatalf("tier default = %#v", a.Default)
	}
	if a := attrs["queue"]; !reflect.DeepEqual(a.Indexes, []string{"ByAssignee", "Urgent"}) {
		t.Fatalf("queue indexes = %v", a.Indexes)
	}
	if a := attrs["urgent"]; a.Since != 3 {
		t.Fatalf("urgent since = %d, want 3", a.Since)
	}
	if a := attrs["queue"]; a.Since != 0 {
		t.Fatalf("queue since = %d, want 0", a.Since)
	}
	warnings := strings.Join(m.Warnings(), "\n")
	if !strings.Contains(warnings, "Assignee") || !strings.Contains(warnings, "Urgent") {
		t.Fatalf("warnings do not mention the omitempty index keys: %q", warnings)
	}
}

type renamed struct {
	entity.Model `ddb:"table=declared"`
	ID           string `dynamodbav:"id" ddb:"pk"`
}

// TableName names the table for Register (in the model, in place of the
// Model tag's table=) as for NewTable (for the handle only).
func TestTableNameNamesTheTable(t *testing.T) {
	m, err := entity.Register[renamed](entity.TableName("registered"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Table() != "registered" {
		t.Fatalf("Meta.Table() = %q, want the name given to Register", m.Table())
	}
	client := (*dynamodb.Client)(nil)
	byModel, err := entity.NewTable[renamed](client)
	if err != nil {
		t.Fatal(err)
	}
	byHandle, err := entity.NewTable[renamed](client, entity.TableName("handle"))
	if err != nil {
		t.Fatal(err)
	}
	if byModel.Name() != "registered" || byHandle.Name() != "handle" || m.Table() != "registered" {
		t.Fatalf("tables %q and %q, model %q", byModel.Name(), byHandle.Name(), m.Table())
	}
	if _, err := entity.NewTable[renamed](client, entity.WithValidator(nil)); !errs.HasRule(err, entity.RuleInvalidArgument) {
		t.Fatalf("NewTable with WithValidator: %v, want a refusal of rule RuleInvalidArgument", err)
	}
}
