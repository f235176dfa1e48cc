// What the sbom formatters take: the inventory of one image, and the few facts a document needs about its making.
import type { Package, Unknown } from '../../catalog/types.js';
import type { ImageTarget } from '../../image/inventory.js';

export interface SbomReport {
  target: ImageTarget;
  packages: Package[];
  unknowns?: Unknown[];
}

export interface SbomFormatOptions {
  toolVersion?: string;
  /** ISO 8601; the documents' creation time (tests pin it). */
  timestamp?: string;
  /** 'urn:uuid:...' for CycloneDX; random when absent. */
  serialNumber?: string;
  /** Table: colours. */
  color?: boolean;
}
