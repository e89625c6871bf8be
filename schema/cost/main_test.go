package cost_test

import (
	"testing"

	"github.com/dynamodel/dynamodel/dynamotest"
)

// The integration tests share one DynamoDB Local per test binary: the one
// at $DYNAMODB_ENDPOINT, or one started for them and stopped here.
func TestMain(m *testing.M) { dynamotest.Main(m) }
