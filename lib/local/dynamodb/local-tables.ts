import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { LocalTable } from '#lib/local/cloud-assembly';

/** CreateTable input from a synthesized AWS::DynamoDB::GlobalTable (or Table) resource. */
export function createTableInput(table: LocalTable): CreateTableCommandInput {
  const p = table.properties as unknown as CreateTableCommandInput & {
    GlobalSecondaryIndexes?: CreateTableCommandInput['GlobalSecondaryIndexes'];
  };
  return {
    TableName: table.logicalId,
    KeySchema: p.KeySchema,
    AttributeDefinitions: p.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(p.GlobalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: p.GlobalSecondaryIndexes.map(({ IndexName, KeySchema, Projection }) => ({
            IndexName,
            KeySchema,
            Projection,
          })),
        }
      : {}),
  };
}

const indexNames = (input: { GlobalSecondaryIndexes?: Array<{ IndexName?: string | undefined }> | undefined }) =>
  (input.GlobalSecondaryIndexes ?? [])
    .map((i) => i.IndexName)
    .sort()
    .join(',');

/**
 * Creates each table the template declares; a table kept from an earlier start is reused when
 * its indexes are the template's, and refused (naming it) when they are not.
 */
export async function createTables(
  client: DynamoDBClient,
  tables: LocalTable[],
): Promise<{ state: 'created' | 'reused'; reused: Set<string> }> {
  const outcomes = await Promise.all(
    tables.map(async (t) => {
      const input = createTableInput(t);
      try {
        const { Table } = await client.send(new DescribeTableCommand({ TableName: input.TableName }));
        if (indexNames(Table ?? {}) !== indexNames(input)) {
          throw new Error(
            `the kept table ${input.TableName} has other indexes than the template; start once with --fresh to rebuild the local data`,
          );
        }
        return input.TableName;
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        await client.send(new CreateTableCommand(input));
        return null;
      }
    }),
  );
  const reused = new Set(outcomes.filter((t): t is string => t !== null));
  return { state: reused.size ? 'reused' : 'created', reused };
}
