import { describe, expect, it } from 'vitest';
import { UsageMeter } from '#lib/local/usage';

describe('usage meter', () => {
  it('counts a plain write as DynamoDB Local reports it, by table and by index', () => {
    const meter = new UsageMeter();

    meter.countDynamo('UpdateItemCommand', {
      TableName: 'T',
      CapacityUnits: 5,
      Table: { CapacityUnits: 3 },
      GlobalSecondaryIndexes: { byKey: { CapacityUnits: 2 } },
    });

    expect(meter.dynamodb).toMatchObject({ writeUnits: 5, readUnits: 0, unitsBy: { T: 3, 'T/byKey': 2 } });
  });

  it('bills a transactional write of an item at twice a plain one, where DynamoDB Local reports four times', () => {
    const meter = new UsageMeter();

    meter.countDynamo('TransactWriteItemsCommand', [
      {
        TableName: 'T',
        CapacityUnits: 16,
        Table: { CapacityUnits: 12 },
        GlobalSecondaryIndexes: { byKey: { CapacityUnits: 4 } },
      },
      { TableName: 'E', CapacityUnits: 4, Table: { CapacityUnits: 4 } },
    ]);

    expect(meter.dynamodb).toMatchObject({ writeUnits: 6 + 4 + 2, unitsBy: { T: 6, 'T/byKey': 4, E: 2 } });
  });

  it('counts reads apart from writes', () => {
    const meter = new UsageMeter();

    meter.countDynamo('QueryCommand', { TableName: 'T', CapacityUnits: 0.5, Table: { CapacityUnits: 0.5 } });

    expect(meter.dynamodb).toMatchObject({ readUnits: 0.5, writeUnits: 0, requests: { QueryCommand: 1 } });
  });
});
