import { IConstruct } from 'constructs';

/**
 * A StorageClass that claims and static volumes can refer to by reference.
 */
export interface IStorageClass extends IConstruct {
  /**
   * The name of the StorageClass (`''` stands for "no class").
   */
  readonly name: string;
}
