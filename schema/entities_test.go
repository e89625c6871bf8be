package schema_test

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"

	"github.com/dynamodel/dynamodel/entity"
)

// Entities used by the tests. Each is registered once, at package
// initialisation; registration errors panic there.

// Order is the warehouse example: a GSI with three partition attributes and
// two sort attributes.
type Order struct {
	entity.Model `ddb:"table=orders,project=ByAssignee:INCLUDE(total,note)"`
	OrderID      string    `dynamodbav:"orderId" ddb:"pk"`
	WarehouseID  string    `dynamodbav:"warehouseId" ddb:"gsi=ByAssignee:pk1"`
	AssigneeID   string    `dynamodbav:"assigneeId" ddb:"gsi=ByAssignee:pk2"`
	Status       string    `dynamodbav:"status" ddb:"gsi=ByAssignee:pk3"`
	Priority     int       `dynamodbav:"priority" ddb:"gsi=ByAssignee:sk1"`
	CreatedAt    time.Time `dynamodbav:"createdAt" ddb:"gsi=ByAssignee:sk2"`
	Total        float64   `dynamodbav:"total"`
	Note         string    `dynamodbav:"note"`
}

// User has a partition key only.
type User struct {
	entity.Model `ddb:"table=users"`
	UserID       string `dynamodbav:"userId" ddb:"pk"`
	Name         string `dynamodbav:"name"`
}

// Message has a composite primary key with a time sort key.
type Message struct {
	entity.Model `ddb:"table=messages"`
	ChatID       string    `dynamodbav:"chatId" ddb:"pk"`
	SentAt       time.Time `dynamodbav:"sentAt" ddb:"sk"`
	Body         string    `dynamodbav:"body"`
}

// Ticket has a KEYS_ONLY index and an INCLUDE index that lists key
// attributes, which are projected anyway.
type Ticket struct {
	entity.Model `ddb:"table=tickets,type=Ticket,version=2,project=ByStatus:KEYS_ONLY,project=ByOwner:INCLUDE(title,ticketId,owner)"`
	TicketID     string `dynamodbav:"ticketId" ddb:"pk"`
	Status       string `dynamodbav:"status" ddb:"gsi=ByStatus:pk1"`
	Owner        string `dynamodbav:"owner" ddb:"gsi=ByOwner:pk1"`
	Rank         int    `dynamodbav:"rank" ddb:"gsi=ByOwner:sk1"`
	Title        string `dynamodbav:"title"`
}

// Event has two local secondary indexes.
type Event struct {
	entity.Model `ddb:"table=events,project=ByKind:INCLUDE(payload)"`
	StreamID     string    `dynamodbav:"streamId" ddb:"pk"`
	Seq          int       `dynamodbav:"seq" ddb:"sk"`
	Kind         string    `dynamodbav:"kind" ddb:"lsi=ByKind"`
	At           time.Time `dynamodbav:"at" ddb:"lsi=ByTime"`
	Payload      string    `dynamodbav:"payload"`
}

// Invoice and Customer share a table (pk, sk) and its GSI1.
type Invoice struct {
	entity.Model `ddb:"table=app,type=Invoice,project=GSI1:INCLUDE(amount)"`
	PK           string  `dynamodbav:"pk" ddb:"pk"`
	SK           string  `dynamodbav:"sk" ddb:"sk"`
	GSI1PK       string  `dynamodbav:"gsi1pk" ddb:"gsi=GSI1:pk1"`
	GSI1SK       string  `dynamodbav:"gsi1sk" ddb:"gsi=GSI1:sk1"`
	DueAt        int64   `dynamodbav:"dueAt" ddb:"gsi=ByDue:pk1"`
	Amount       float64 `dynamodbav:"amount"`
}

type Customer struct {
	entity.Model `ddb:"table=app,type=Customer,project=GSI1:INCLUDE(amount)"`
	PK           string `dynamodbav:"pk" ddb:"pk"`
	SK           string `dynamodbav:"sk" ddb:"sk"`
	GSI1PK       string `dynamodbav:"gsi1pk" ddb:"gsi=GSI1:pk1"`
	GSI1SK       string `dynamodbav:"gsi1sk" ddb:"gsi=GSI1:sk1"`
	Email        string `dynamodbav:"email" ddb:"lsi=ByEmail"`
}

// Models that cannot share a table with the ones above.
type (
	// userByNumber names its partition key like User but types it N.
	userByNumber struct {
		UserID int `dynamodbav:"userId" ddb:"pk"`
	}
	// appOnlyPK has no sort key, unlike Invoice.
	appOnlyPK struct {
		PK string `dynamodbav:"pk" ddb:"pk"`
	}
	// numericGSI1 makes gsi1sk a number in another index.
	numericGSI1 struct {
		PK   string `dynamodbav:"pk" ddb:"pk"`
		SK   string `dynamodbav:"sk" ddb:"sk"`
		Rank int    `dynamodbav:"gsi1sk" ddb:"gsi=ByRank:pk1"`
	}
	// plainNumericGSI1 stores gsi1sk, a key of Invoice's GSI1, as a
	// number without declaring it a key.
	plainNumericGSI1 struct {
		PK   string `dynamodbav:"pk" ddb:"pk"`
		SK   string `dynamodbav:"sk" ddb:"sk"`
		Rank int    `dynamodbav:"gsi1sk"`
	}
	// plainStringGSI1 stores gsi1sk as a string: no conflict.
	plainStringGSI1 struct {
		PK  string  `dynamodbav:"pk" ddb:"pk"`
		SK  string  `dynamodbav:"sk" ddb:"sk"`
		Ref *string `dynamodbav:"gsi1sk,omitempty"`
	}
	// Plain attributes named like GSI1's sort key (S), stored as other
	// types.
	plainNumberGSI1 struct {
		PK  string                `dynamodbav:"pk" ddb:"pk"`
		SK  string                `dynamodbav:"sk" ddb:"sk"`
		Ref attributevalue.Number `dynamodbav:"gsi1sk"`
	}
	plainIntAsStringGSI1 struct {
		PK  string `dynamodbav:"pk" ddb:"pk"`
		SK  string `dynamodbav:"sk" ddb:"sk"`
		Ref int    `dynamodbav:"gsi1sk,string"`
	}
	plainBoolGSI1 struct {
		PK  string `dynamodbav:"pk" ddb:"pk"`
		SK  string `dynamodbav:"sk" ddb:"sk"`
		Ref bool   `dynamodbav:"gsi1sk"`
	}
	plainUnixTimeGSI1 struct {
		PK  string    `dynamodbav:"pk" ddb:"pk"`
		SK  string    `dynamodbav:"sk" ddb:"sk"`
		Ref time.Time `dynamodbav:"gsi1sk,unixtime"`
	}
	plainTimeGSI1 struct {
		PK  string     `dynamodbav:"pk" ddb:"pk"`
		SK  string     `dynamodbav:"sk" ddb:"sk"`
		Ref *time.Time `dynamodbav:"gsi1sk,omitempty"`
	}
	plainMapGSI1 struct {
		PK  string            `dynamodbav:"pk" ddb:"pk"`
		SK  string            `dynamodbav:"sk" ddb:"sk"`
		Ref map[string]string `dynamodbav:"gsi1sk"`
	}
	// otherGSI1Key declares GSI1 with another sort attribute.
	otherGSI1Key struct {
		entity.Model `ddb:"project=GSI1:INCLUDE(amount)"`
		PK           string `dynamodbav:"pk" ddb:"pk"`
		SK           string `dynamodbav:"sk" ddb:"sk"`
		GSI1PK       string `dynamodbav:"gsi1pk" ddb:"gsi=GSI1:pk1"`
		Other        string `dynamodbav:"other" ddb:"gsi=GSI1:sk1"`
	}
	// otherGSI1Projection declares GSI1 with the ALL projection.
	otherGSI1Projection struct {
		PK     string `dynamodbav:"pk" ddb:"pk"`
		SK     string `dynamodbav:"sk" ddb:"sk"`
		GSI1PK string `dynamodbav:"gsi1pk" ddb:"gsi=GSI1:pk1"`
		GSI1SK string `dynamodbav:"gsi1sk" ddb:"gsi=GSI1:sk1"`
	}
	// localGSI1 declares GSI1 as a local index.
	localGSI1 struct {
		PK     string `dynamodbav:"pk" ddb:"pk"`
		SK     string `dynamodbav:"sk" ddb:"sk"`
		GSI1SK string `dynamodbav:"gsi1sk" ddb:"lsi=GSI1"`
	}
	// shortIndexName has an index name DynamoDB refuses.
	shortIndexName struct {
		PK string `dynamodbav:"pk" ddb:"pk"`
		X  string `dynamodbav:"x" ddb:"gsi=G:pk1"`
	}
	// tooManyGSIs has 21 global secondary indexes.
	tooManyGSIs struct {
		PK string `dynamodbav:"pk" ddb:"pk"`
		X  string `dynamodbav:"x" ddb:"gsi=G01:pk1,gsi=G02:pk1,gsi=G03:pk1,gsi=G04:pk1,gsi=G05:pk1,gsi=G06:pk1,gsi=G07:pk1,gsi=G08:pk1,gsi=G09:pk1,gsi=G10:pk1,gsi=G11:pk1,gsi=G12:pk1,gsi=G13:pk1,gsi=G14:pk1,gsi=G15:pk1,gsi=G16:pk1,gsi=G17:pk1,gsi=G18:pk1,gsi=G19:pk1,gsi=G20:pk1,gsi=G21:pk1"`
	}
	// tooManyLSIs has 6 local secondary indexes.
	tooManyLSIs struct {
		PK string `dynamodbav:"pk" ddb:"pk"`
		SK string `dynamodbav:"sk" ddb:"sk"`
		X  string `dynamodbav:"x" ddb:"lsi=LSI1,lsi=LSI2,lsi=LSI3,lsi=LSI4,lsi=LSI5,lsi=LSI6"`
	}
	// maxGSIs has 20 global secondary indexes.
	maxGSIs struct {
		PK string `dynamodbav:"pk" ddb:"pk"`
		X  string `dynamodbav:"x" ddb:"gsi=G01:pk1,gsi=G02:pk1,gsi=G03:pk1,gsi=G04:pk1,gsi=G05:pk1,gsi=G06:pk1,gsi=G07:pk1,gsi=G08:pk1,gsi=G09:pk1,gsi=G10:pk1,gsi=G11:pk1,gsi=G12:pk1,gsi=G13:pk1,gsi=G14:pk1,gsi=G15:pk1,gsi=G16:pk1,gsi=G17:pk1,gsi=G18:pk1,gsi=G19:pk1,gsi=G20:pk1"`
	}
	// maxLSIs has 5 local secondary indexes.
	maxLSIs struct {
		PK string `dynamodbav:"pk" ddb:"pk"`
		SK string `dynamodbav:"sk" ddb:"sk"`
		X  string `dynamodbav:"x" ddb:"lsi=LSI1,lsi=LSI2,lsi=LSI3,lsi=LSI4,lsi=LSI5"`
	}
	// tooManyProjected projects 100 attributes, plus the version
	// attribute in each index: 102.
	tooManyProjected struct {
		entity.Model `ddb:"project=G01:INCLUDE(a01,a02,a03,a04,a05,a06,a07,a08,a09,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22,a23,a24,a25,a26,a27,a28,a29,a30,a31,a32,a33,a34,a35,a36,a37,a38,a39,a40,a41,a42,a43,a44,a45,a46,a47,a48,a49,a50),project=G02:INCLUDE(b01,b02,b03,b04,b05,b06,b07,b08,b09,b10,b11,b12,b13,b14,b15,b16,b17,b18,b19,b20,b21,b22,b23,b24,b25,b26,b27,b28,b29,b30,b31,b32,b33,b34,b35,b36,b37,b38,b39,b40,b41,b42,b43,b44,b45,b46,b47,b48,b49,b50)"`
		PK           string `dynamodbav:"pk" ddb:"pk"`
		X            string `dynamodbav:"x" ddb:"gsi=G01:pk1,gsi=G02:pk1"`
	}
	// maxProjected projects 98 attributes, plus the version attribute
	// in each index: exactly 100.
	maxProjected struct {
		entity.Model `ddb:"project=G01:INCLUDE(a01,a02,a03,a04,a05,a06,a07,a08,a09,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22,a23,a24,a25,a26,a27,a28,a29,a30,a31,a32,a33,a34,a35,a36,a37,a38,a39,a40,a41,a42,a43,a44,a45,a46,a47,a48,a49),project=G02:INCLUDE(b01,b02,b03,b04,b05,b06,b07,b08,b09,b10,b11,b12,b13,b14,b15,b16,b17,b18,b19,b20,b21,b22,b23,b24,b25,b26,b27,b28,b29,b30,b31,b32,b33,b34,b35,b36,b37,b38,b39,b40,b41,b42,b43,b44,b45,b46,b47,b48,b49)"`
		PK           string `dynamodbav:"pk" ddb:"pk"`
		X            string `dynamodbav:"x" ddb:"gsi=G01:pk1,gsi=G02:pk1"`
	}
)

var (
	orderMeta    = entity.MustRegister[Order]()
	userMeta     = entity.MustRegister[User]()
	messageMeta  = entity.MustRegister[Message]()
	ticketMeta   = entity.MustRegister[Ticket]()
	eventMeta    = entity.MustRegister[Event]()
	invoiceMeta  = entity.MustRegister[Invoice]()
	customerMeta = entity.MustRegister[Customer]()

	userByNumberMeta         = entity.MustRegister[userByNumber]()
	appOnlyPKMeta            = entity.MustRegister[appOnlyPK]()
	numericGSI1Meta          = entity.MustRegister[numericGSI1]()
	plainNumericGSI1Meta     = entity.MustRegister[plainNumericGSI1]()
	plainStringGSI1Meta      = entity.MustRegister[plainStringGSI1]()
	plainNumberGSI1Meta      = entity.MustRegister[plainNumberGSI1]()
	plainIntAsStringGSI1Meta = entity.MustRegister[plainIntAsStringGSI1]()
	plainBoolGSI1Meta        = entity.MustRegister[plainBoolGSI1]()
	plainUnixTimeGSI1Meta    = entity.MustRegister[plainUnixTimeGSI1]()
	plainTimeGSI1Meta        = entity.MustRegister[plainTimeGSI1]()
	plainMapGSI1Meta         = entity.MustRegister[plainMapGSI1]()
	otherGSI1KeyMeta         = entity.MustRegister[otherGSI1Key]()
	otherGSI1ProjectionMeta  = entity.MustRegister[otherGSI1Projection]()
	localGSI1Meta            = entity.MustRegister[localGSI1]()
	shortIndexNameMeta       = entity.MustRegister[shortIndexName]()
	tooManyGSIsMeta          = entity.MustRegister[tooManyGSIs]()
	tooManyLSIsMeta          = entity.MustRegister[tooManyLSIs]()
	maxGSIsMeta              = entity.MustRegister[maxGSIs]()
	maxLSIsMeta              = entity.MustRegister[maxLSIs]()
	tooManyProjectedMeta     = entity.MustRegister[tooManyProjected]()
	maxProjectedMeta         = entity.MustRegister[maxProjected]()
)
