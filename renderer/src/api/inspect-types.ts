/**
 * Types of the inspection and sharing requests (issues 7 and 8), from engine/api/contract.ts
 * under the names the renderer uses. Types only: values come through the client.
 */
export type {
  ArtifactInfo,
  ArtifactView,
  Column,
  ColumnSummary,
  ComparedArtifact,
  ComparedRow,
  ExportedFile,
  ImageValue,
  MetricPoint,
  Namespaces,
  QueryResult,
  QuerySchema,
  RemoteInfo,
  Row,
  RunComparison,
  SyncProgress,
  SyncStatus,
  SyncSummary,
  TablePage,
} from '../../../engine/api/contract.js';
