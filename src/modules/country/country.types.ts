import { ConnectionType } from '../../shared/pagination';
import { Country } from './country.entity';

export const CountryConnection = ConnectionType(Country, 'Country');
