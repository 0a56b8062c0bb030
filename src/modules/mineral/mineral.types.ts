import { ConnectionType } from '../../shared/pagination';
import { Mineral } from './mineral.entity';

export const MineralConnection = ConnectionType(Mineral, 'Mineral');
